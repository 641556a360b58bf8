# loopshift-fixture: runnable
"""get_event_loop() right after set_event_loop(loop) in the main guard returns that loop (P3e): it
becomes `loop`. Statements that touch no loop may come between; so may a call of a function of this
file that does nothing with asyncio, and a policy that only chooses the loop class. So may a run of that
loop when nothing it can execute sets another loop: this file's coroutines set none and it imports nothing
from outside the standard library (get_after_set_run_between_declined_ls301 shows the others)."""
import asyncio


def banner(text):
    return "== %s ==" % text


async def main():
    return asyncio.get_running_loop()


if __name__ == "__main__":
    asyncio.set_event_loop_policy(asyncio.DefaultEventLoopPolicy())
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(banner("start"))
    ran = asyncio.get_event_loop().run_until_complete(main())
    print("ran on the set loop:", ran is loop)
    again = asyncio.get_event_loop()
    print("same loop again:", again is loop)
    loop.close()
