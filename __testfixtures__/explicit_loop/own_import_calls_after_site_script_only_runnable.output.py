# loopshift-fixture: runnable
# An example script (docs/SEMANTICS.md P3f, "Import time"): the project module it imports takes the current loop
# in a function, and this file calls code at import time, but only after get_event_loop(): too late to matter.
import asyncio
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

HERE = os.path.dirname(__file__)
NAMES = ["alice", "bob"]


async def chat(loop):
    await asyncio.sleep(0)
    print("chatting", NAMES, loop is asyncio.get_event_loop())


loop = asyncio.new_event_loop()
asyncio.set_event_loop(loop)
loop.run_until_complete(chat(loop))
loop.close()
print("closed", loop.is_closed())
