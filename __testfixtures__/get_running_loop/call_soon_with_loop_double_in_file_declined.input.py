# probe round 8, W08 (same file): _flush() is only the callback of self.loop.call_soon(), and this file defines a
# test double whose call_soon() runs its callback at once, from sync code.
# loopshift-fixture: runnable
"""With ImmediateLoop the callback runs with no loop running: get_running_loop() would raise where
get_event_loop() returned the (idle) current loop. A method of this file named like a loop's scheduling method
makes call_soon() no proof of a running loop (loop_callbacks.doubles_loops). Left unchanged (loop_diagnostics
reports LS801)."""
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


class ImmediateLoop:
    """Test double: runs callbacks at once."""

    def call_soon(self, callback, *args):
        callback(*args)


async def live():
    batcher = Batcher(asyncio.get_running_loop())
    batcher.add(1)
    await asyncio.sleep(0)


if __name__ == "__main__":
    idle = asyncio.new_event_loop()
    asyncio.set_event_loop(idle)
    Batcher(ImmediateLoop()).add("x")
    idle.close()
    asyncio.run(live())
