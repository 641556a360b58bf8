# probe round 8, W06 (the other side): the imported project module makes no loop and reads no policy.
"""No importedEffects.newLoops for worker (it only awaits): the policy picks the class of the main run's loop
alone, and loop_factory gives it the same class. Rewritten."""
import asyncio

import uvloop

import worker


async def main():
    print("main loop:", type(asyncio.get_running_loop()).__name__)
    print("worker says:", await worker.reply())


if __name__ == "__main__":
    asyncio.run(main(), loop_factory=uvloop.new_event_loop)
