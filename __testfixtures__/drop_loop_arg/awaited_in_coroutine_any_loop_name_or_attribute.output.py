# loopshift-fixture: runnable
# Awaited right where it is called, in a coroutine's body, loop=X can only be the running loop in a
# run that works: on 3.7-3.9 another loop makes the call await a pending future of X in this task
# (RuntimeError), or X is never used. So self._loop, parameters and globals go too.
import asyncio
import os
import sys
import tempfile
import types

LOOP = None


async def work(n, log):
    await asyncio.sleep(0.01 * n)
    log.append(n)
    return n * 10


async def echo(reader, writer):
    data = await reader.readline()
    writer.write(b"echo " + data)
    await writer.drain()
    writer.close()


class Service:
    def __init__(self, loop):
        self._loop = loop
        self.log = []

    async def tasks(self):
        results = await asyncio.gather(work(3, self.log), work(1, self.log))
        print("gather", results, self.log)
        print("wait_for", await asyncio.wait_for(work(1, self.log), timeout=5))
        inner = self._loop.create_task(work(1, self.log))
        print("shield", await asyncio.shield(inner))
        pending = [self._loop.create_task(work(n, self.log)) for n in (2, 1)]
        done, left = await asyncio.wait(pending, return_when=asyncio.ALL_COMPLETED)
        print("wait", sorted(t.result() for t in done), len(left))
        slept = [await asyncio.sleep(0, result=n) for n in range(3)]
        print("sleep in a list comprehension", slept)
        try:
            await asyncio.wait_for(asyncio.sleep(5), 0.01)
        except asyncio.TimeoutError:
            print("timed out")
        finally:
            await asyncio.sleep(0.001)
        return await asyncio.sleep(0.001, result="returned")

    async def streams(self):
        server = await asyncio.start_server(echo, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"tcp\n")
        print((await reader.readline()).decode().strip())
        writer.close()
        server.close()
        await server.wait_closed()
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "s")
            unix = await asyncio.start_unix_server(echo, path)
            reader, writer = await asyncio.open_unix_connection(path)
            writer.write(b"unix\n")
            print((await reader.readline()).decode().strip())
            writer.close()
            unix.close()
            await unix.wait_closed()

    async def subprocesses(self):
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", "print('exec')", stdout=asyncio.subprocess.PIPE)
        print((await proc.communicate())[0].decode().strip(), proc.returncode)
        proc = await asyncio.create_subprocess_shell("echo shell", stdout=asyncio.subprocess.PIPE)
        print((await proc.communicate())[0].decode().strip(), proc.returncode)


async def with_parameter(loop, delay):
    return await asyncio.sleep(delay, result="parameter")


async def with_global():
    return await asyncio.sleep(0.001, result="global")


async def ticks(loop):
    for n in range(3):
        await asyncio.sleep(0.001)
        yield n


@types.coroutine
def generator_based(loop):
    value = yield from asyncio.sleep(0.001, result="yield from")
    return value


async def main():
    global LOOP
    LOOP = asyncio.get_running_loop()
    service = Service(LOOP)
    print(await service.tasks())
    await service.streams()
    await service.subprocesses()
    print(await with_parameter(LOOP, 0.001), await with_global())
    print("async generator", [n async for n in ticks(LOOP)])
    print(await generator_based(LOOP))


asyncio.run(main())
