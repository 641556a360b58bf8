# A policy class another project module defines to do nothing but choose the loop class (facts policyClasses:
# `class TracedPolicy(asyncio.DefaultEventLoopPolicy): _loop_factory = TracedLoop`) installed first is what the
# same class of this file is (P3b): new_event_loop() makes a TracedLoop, as get_event_loop() did (probe round
# 7, M01; run on 3.8, 3.12, 3.13: the same output).
import asyncio

from loops import TracedPolicy


async def main():
    await asyncio.sleep(0)
    print("loop class:", type(asyncio.get_running_loop()).__name__)


if __name__ == "__main__":
    asyncio.set_event_loop_policy(TracedPolicy())
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    print("current is loop:", asyncio.get_event_loop() is loop)
