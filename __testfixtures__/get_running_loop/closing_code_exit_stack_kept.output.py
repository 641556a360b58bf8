# An AsyncExitStack's __aexit__ runs what was handed to it (push_async_callback, push_async_exit,
# enter_async_context), also when the task waiting in its `async with` is destroyed after the loop closed,
# with no loop running (docs/SEMANTICS.md P1, closing code): get_event_loop() there is kept. The coroutine
# that only runs while the loop drives it is rewritten.
import asyncio
import contextlib


class Lease:
    async def _release(self):
        loop = asyncio.get_event_loop()
        print("released, loop closed:", loop.is_closed())


async def _on_exit(*exc):
    print("exit callback, loop closed:", asyncio.get_event_loop().is_closed())


@contextlib.asynccontextmanager
async def opened():
    try:
        yield "conn"
    finally:
        print("context closed, loop closed:", asyncio.get_event_loop().is_closed())


async def hold(ready):
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(opened())
        stack.push_async_exit(_on_exit)
        stack.push_async_callback(Lease()._release)
        ready.set_result(None)
        await asyncio.sleep(3600)


async def main():
    ready = asyncio.get_running_loop().create_future()
    asyncio.ensure_future(hold(ready))
    await ready
    return "done"


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        print(loop.run_until_complete(main()))
    finally:
        loop.close()
