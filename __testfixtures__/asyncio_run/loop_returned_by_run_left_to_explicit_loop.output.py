# probe round 8b residue, cases 16 and 34: the coroutine returns the loop it runs in.
# loopshift-fixture: runnable
"""main() returns get_running_loop(), and the code after the run prints it: its repr says whether it is
closed. run_until_complete() left it open, asyncio.run() would close it. A function of this file that hands on
its loop (returned, yielded, stored or passed on) keeps the run from counting as inert (after_run.py, loop_kept).
Left to explicit_loop (P3a condition 4)."""
import asyncio


async def main():
    asyncio.get_running_loop().set_debug(True)  # the repr shows debug mode, which -X dev turns on
    await asyncio.sleep(0)
    return asyncio.get_running_loop()


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    result = loop.run_until_complete(main())
    print(result)
