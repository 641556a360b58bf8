# probe round 9, A1 (P2a rule 2): _flush() is only called in a coroutine and handed to batcher.call_soon(), where
# call_soon is a namespace's list.append bound by keyword, and another object's by an attribute store.
# loopshift-fixture: runnable
"""The callbacks run after the run, with no loop running: get_running_loop() would raise where get_event_loop()
returned the idle current loop. A keyword or an attribute store named like a loop's scheduling method makes
call_soon() no proof of a running loop (loop_callbacks.doubles_loops). Left unchanged."""
import asyncio
import types

deferred = []
batcher = types.SimpleNamespace(call_soon=deferred.append)


class Batcher:
    def __init__(self):
        self.pending = deferred
        self.call_soon = self.pending.append


def _flush():
    loop = asyncio.get_event_loop()
    print("flush: loop running =", loop.is_running())


async def main():
    _flush()
    batcher.call_soon(_flush)
    Batcher().call_soon(_flush)
    await asyncio.sleep(0)
    return "done"


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(loop.run_until_complete(main()))
    for cb in deferred:
        try:
            cb()
        except RuntimeError as e:
            print("deferred failed:", e)
    loop.close()
