# loopshift-fixture: runnable
"""uvloop's policy installed first does not block the rewrite, and the loop keeps its class:
asyncio.new_event_loop() asks the installed policy, as get_event_loop() did (P3b). uvloop is not
installed where fixtures run, so a stand-in plays it: what uvloop.EventLoopPolicy was before 0.22,
the default policy with a loop class of its own."""
import asyncio
import sys
import types


class StandInLoop(asyncio.SelectorEventLoop):
    pass


class StandInPolicy(asyncio.DefaultEventLoopPolicy):
    def _loop_factory(self):
        return StandInLoop()


stand_in = types.ModuleType("uvloop")
stand_in.EventLoopPolicy = StandInPolicy
sys.modules["uvloop"] = stand_in

import uvloop  # noqa: E402


async def main():
    return type(asyncio.get_running_loop()).__name__


if __name__ == "__main__":
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(type(loop).__name__)
    print(loop.run_until_complete(main()))
    loop.close()
