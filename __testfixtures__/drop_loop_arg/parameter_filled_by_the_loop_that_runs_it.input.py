# loopshift-fixture: runnable
# A coroutine function's parameter that every call in the file fills with the loop that runs the
# coroutine: X.run_until_complete(f(X)), X.create_task(f(X)), asyncio.ensure_future(f(X), loop=X), or
# `await f(loop)` where `loop` is the caller's own running loop (proven the same way), or nothing for a
# loop=None default. Inside, loop= with that parameter is the running loop. main() is public: the
# project model says no module imports this file (options: scriptOnly); the others are private or
# nested, which other modules do not call.
import asyncio
import types


async def _fill(queue, loop):
    lock = asyncio.Lock(loop=loop)
    async with lock:
        for n in range(3):
            await queue.put(n)
    return asyncio.Event(loop=loop)


async def _drain(queue, loop=None):
    got = []
    while not queue.empty():
        pending = asyncio.wait_for(queue.get(), 1, loop=loop)
        got.append(await pending)
    return got


@types.coroutine
def _tick(loop, log):
    # A generator-based coroutine (docs/SEMANTICS.md B5): its body runs in the task that drives it.
    condition = asyncio.Condition(loop=loop)
    own = asyncio.get_event_loop()  # a local from the running loop (rule 2), in a B5 coroutine too
    log.append(type(condition).__name__)
    log.append(type(asyncio.Queue(loop=own)).__name__)
    yield from asyncio.sleep(0)


async def echo(reader, writer):
    writer.write(await reader.readline())
    await writer.drain()
    writer.close()


async def main(loop):
    queue = asyncio.Queue(loop=loop)
    event = await _fill(queue, loop)
    event.set()
    print("drained", await _drain(queue, loop), await _drain(queue), event.is_set())
    log = []
    await _tick(loop, log)
    print("tick", log)
    tasks = [loop.create_task(asyncio.sleep(0.01, result=n)) for n in (1, 2)]
    both = asyncio.gather(*tasks, loop=loop)
    print("gathered", await both)
    server = await asyncio.start_server(echo, "127.0.0.1", 0, loop=loop)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"served\n")
    print((await reader.readline()).decode().strip())
    writer.close()
    server.close()
    await server.wait_closed()
    return "main done"


def helpers():
    async def nested(loop):
        return await asyncio.shield(loop.create_task(asyncio.sleep(0, result="nested")), loop=loop)

    async def as_task(loop):
        semaphore = asyncio.BoundedSemaphore(2, loop=loop)
        async with semaphore:
            return "as a task"

    loop = asyncio.new_event_loop()
    print(loop.run_until_complete(nested(loop)))
    print(loop.run_until_complete(loop.create_task(as_task(loop))))
    print(loop.run_until_complete(asyncio.ensure_future(as_task(loop), loop=loop)))
    loop.close()


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    print(loop.run_until_complete(main(loop)))
    loop.close()
    helpers()
