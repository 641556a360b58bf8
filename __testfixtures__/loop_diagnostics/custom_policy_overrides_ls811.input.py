import asyncio
from asyncio import AbstractEventLoopPolicy as BasePolicy

import uvloop


class AnyThreadPolicy(asyncio.DefaultEventLoopPolicy):
    def get_event_loop(self):
        try:
            return super().get_event_loop()
        except RuntimeError:
            loop = self.new_event_loop()
            self.set_event_loop(loop)
            return loop


class Tracking(BasePolicy):
    def set_event_loop(self, loop):
        self.loop = loop

    def get_event_loop(self):
        return self.loop


class StrictUvloop(uvloop.EventLoopPolicy):
    def get_event_loop(self):
        return asyncio.get_running_loop()


class LoopClassOnly(asyncio.DefaultEventLoopPolicy):
    # Only picks the loop class: no behavioural override, so only the base is reported (LS813).
    def new_event_loop(self):
        return asyncio.SelectorEventLoop()


class NotAPolicy:
    def get_event_loop(self):
        return None
