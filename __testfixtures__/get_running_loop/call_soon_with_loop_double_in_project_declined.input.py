# probe round 8, W08: _flush() is only the callback of self.loop.call_soon(), and a project module defines a
# test double with a call_soon() that runs its callback at once, from sync code.
"""The receiver of call_soon() is not proven an asyncio loop: while a class of the project (facts
loopMethodsDefined) defines call_soon/call_later/call_at/call_soon_threadsafe, a callback handed to one may run
with no loop running, and get_running_loop() would raise there (loop_callbacks.doubles_loops). Left unchanged
(loop_diagnostics reports LS801). Not runnable: the double lives in the module that imports this one."""
import asyncio


def _flush():
    loop = asyncio.get_event_loop()
    print("flush while loop", "running" if loop.is_running() else "idle")


class Batcher:
    def __init__(self, loop):
        self.loop = loop
        self.items = []

    def add(self, item):
        self.items.append(item)
        if len(self.items) == 1:
            self.loop.call_soon(_flush)
