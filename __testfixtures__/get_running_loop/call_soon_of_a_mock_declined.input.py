# probe round 9, A1 residue (P2a rule 2): _on_tick() is only handed to loop.call_soon(), but the loop may be a mock
# that records the callback, and the test calls it itself, outside any loop: get_running_loop() would raise where
# get_event_loop() returned the current loop. A file that makes mocks, or reads an attribute of a scheduling
# method (`.call_soon.call_args`), has loop doubles (loop_callbacks.doubles_loops). Left unchanged.
# loopshift-fixture: runnable
import asyncio
from unittest import mock


def _on_tick():
    loop = asyncio.get_event_loop()
    print("tick on", type(loop).__name__)


def schedule(loop):
    loop.call_soon(_on_tick)


if __name__ == "__main__":
    fake = mock.Mock()
    schedule(fake)
    asyncio.set_event_loop(asyncio.new_event_loop())
    fake.call_soon.call_args[0][0]()
