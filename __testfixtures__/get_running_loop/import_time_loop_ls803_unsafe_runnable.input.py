# loopshift-fixture: runnable
"""A library module that takes the loop when it is imported. Its importer (the main guard, loading this file
again as the module `clock`) makes its own loop current first, then runs the module's coroutines on it: the
loop they took at import is the loop running them, as get_running_loop() says after the fix."""
import asyncio
import importlib.util

loop = asyncio.get_event_loop()


async def later(value):
    future = loop.create_future()
    loop.call_soon(future.set_result, value)
    return await future


async def in_thread(numbers):
    return await loop.run_in_executor(None, sum, numbers)


async def main():
    print(await later("called soon"))
    print(await in_thread([1, 2, 3]))
    print(await asyncio.gather(later(1), later(2)))
    return asyncio.get_running_loop()


if __name__ == "__main__":
    own = asyncio.new_event_loop()
    asyncio.set_event_loop(own)
    spec = importlib.util.spec_from_file_location("clock", __file__)
    clock = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(clock)
    print("ran on the importer's loop:", own.run_until_complete(clock.main()) is own)
    own.close()
    asyncio.set_event_loop(None)
