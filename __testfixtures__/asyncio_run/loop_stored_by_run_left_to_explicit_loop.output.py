# probe round 8b residue, case 17: the coroutine keeps the loop it runs in in a module global.
# loopshift-fixture: runnable
"""main() stores get_running_loop() under `global LOOP`, and the code after the run prints LOOP, a plain
name whose repr says whether the loop is closed: run_until_complete() left it open, asyncio.run() would close
it (after_run.py, loop_kept). Left to explicit_loop (P3a condition 4)."""
import asyncio

LOOP = None


async def main():
    asyncio.get_running_loop().set_debug(True)  # the repr shows debug mode, which -X dev turns on
    global LOOP
    LOOP = asyncio.get_running_loop()
    await asyncio.sleep(0)
    return "done"


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    status = loop.run_until_complete(main())
    print(status, LOOP)
