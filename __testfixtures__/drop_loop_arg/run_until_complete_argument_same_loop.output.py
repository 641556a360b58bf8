# loopshift-fixture: runnable
# The one argument of X.run_until_complete() with loop=X: a coroutine function's body, loop= default
# included, runs inside X. The loop is never made current, so without loop= the API cannot be
# falling back on get_event_loop()'s current loop: it finds the running one.
import asyncio
import os
import sys
import tempfile


async def work(n):
    await asyncio.sleep(0.01)
    return n * 10


async def echo(reader, writer):
    data = await reader.readline()
    writer.write(b"echo " + data)
    await writer.drain()
    writer.close()


class Client:
    def __init__(self, loop):
        self.loop = loop

    def fetch(self, port):
        reader, writer = self.loop.run_until_complete(asyncio.open_connection("127.0.0.1", port))
        writer.write(b"tcp\n")
        line = self.loop.run_until_complete(reader.readline())
        writer.close()
        return line.decode().strip()


def run_with_timeout(loop, coro, timeout):
    return loop.run_until_complete(asyncio.wait_for(coro, timeout))


def main():
    loop = asyncio.new_event_loop()
    print("sleep", loop.run_until_complete(asyncio.sleep(0.01, result="slept")))
    tasks = [loop.create_task(work(n)) for n in (2, 1)]
    done, pending = loop.run_until_complete(asyncio.wait(tasks))
    print("wait", sorted(t.result() for t in done), len(pending))
    print("wait_for", run_with_timeout(loop, work(3), 5))
    try:
        run_with_timeout(loop, asyncio.sleep(5), 0.01)
    except asyncio.TimeoutError:
        print("wait_for timed out")

    server = loop.run_until_complete(asyncio.start_server(echo, "127.0.0.1", 0))
    port = server.sockets[0].getsockname()[1]
    print(Client(loop).fetch(port))
    server.close()
    loop.run_until_complete(server.wait_closed())

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "s")
        unix = loop.run_until_complete(asyncio.start_unix_server(echo, path))
        reader, writer = loop.run_until_complete(asyncio.open_unix_connection(path))
        writer.write(b"unix\n")
        print(loop.run_until_complete(reader.readline()).decode().strip())
        writer.close()
        unix.close()
        loop.run_until_complete(unix.wait_closed())

    loop.close()


def subprocesses():
    # 3.7's child watcher needs the loop to be current: the only reason it is set here.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    pipe = asyncio.subprocess.PIPE
    proc = loop.run_until_complete(
        asyncio.create_subprocess_exec(sys.executable, "-c", "print('exec')", stdout=pipe))
    print(loop.run_until_complete(proc.communicate())[0].decode().strip(), proc.returncode)
    proc = loop.run_until_complete(asyncio.create_subprocess_shell("echo shell", stdout=pipe))
    print(loop.run_until_complete(proc.communicate())[0].decode().strip(), proc.returncode)
    asyncio.set_event_loop(None)
    loop.close()


main()
subprocesses()
