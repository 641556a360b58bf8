import asyncio
import sys

import uvloop


def get_event_loop_policy():
    return "local"


class Runner:
    def set_event_loop_policy(self, policy):
        self.policy = policy

    def use(self):
        self.set_event_loop_policy(get_event_loop_policy())


uvloop.install()
loop_factory = uvloop.new_event_loop


async def main():
    return asyncio.get_running_loop()


asyncio.run(main())


if sys.version_info >= (3, 12):
    runner_factory = uvloop.new_event_loop
else:
    asyncio.set_event_loop_policy(asyncio.DefaultEventLoopPolicy())  # only before 3.12: not reported
