# loopshift-fixture: runnable
"""docs/SEMANTICS.md P3d: the coroutine function is nested in the entry function (which owns a loop it
never makes current), a closure reads the parameter, and the call fills it by keyword before another
keyword. After the rewrite the closure reads the local bound from get_running_loop(): the same loop."""
import asyncio


def main():
    async def work(n, loop):
        def later():
            return loop.is_running()
        await asyncio.sleep(0)
        print(n, later(), loop is asyncio.get_running_loop())

    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(work(loop=loop, n=2))
    finally:
        loop.close()


if __name__ == "__main__":
    main()
