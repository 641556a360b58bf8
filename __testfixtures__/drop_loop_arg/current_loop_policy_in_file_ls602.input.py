# P15 rule 8 declines in a file that installs an event loop policy: the policy decides what
# get_event_loop() returns, which need not be the same loop twice.
import asyncio


class OneLoopPerCall(asyncio.DefaultEventLoopPolicy):
    def get_event_loop(self):
        return self.new_event_loop()


def install():
    asyncio.set_event_loop_policy(OneLoopPerCall())


def queue():
    loop = asyncio.get_event_loop()
    return asyncio.Queue(loop=loop)
