"""A policy class of this file that only chooses the loop class, installed before a get_event_loop() in a
try body: its get_event_loop() is asyncio's, which creates the loop and never raises there (unlike uvloop
0.22's, LS302), so the rewrite is made (P3b). After set_event_loop(loop) a later get_event_loop() is that
loop under this policy too (P3e)."""
import asyncio


class Policy(asyncio.DefaultEventLoopPolicy):
    _loop_factory = asyncio.SelectorEventLoop


async def job():
    return 1


if __name__ == "__main__":
    asyncio.set_event_loop_policy(Policy())
    try:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
    except RuntimeError:
        loop = None
    other = asyncio.new_event_loop()
    asyncio.set_event_loop(other)
    print(other.run_until_complete(job()))
    other.close()
