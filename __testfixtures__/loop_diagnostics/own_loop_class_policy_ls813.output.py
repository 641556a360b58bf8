import asyncio
import sys

import uvloop


class UvPolicy(asyncio.DefaultEventLoopPolicy):
    """Only the loop class: LS813 names the factory to pass instead."""

    _loop_factory = uvloop.Loop


class TracingPolicy(asyncio.DefaultEventLoopPolicy):
    _loop_factory = uvloop.Loop

    def new_event_loop(self):
        print("new loop")
        return super().new_event_loop()


def configure():
    asyncio.set_event_loop_policy(UvPolicy())
    asyncio.set_event_loop_policy(TracingPolicy())  # overrides a method: unknown (LS812)


if sys.version_info < (3, 14):
    asyncio.set_event_loop_policy(UvPolicy())  # never runs where policies are deprecated
