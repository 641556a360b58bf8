# probe round 8, W09 (second case): a project module this file imports interrupts the process.
"""importedEffects.signals (src/loop-effects.ts SELF_SIGNALS, SIGNAL_CALLS: the module sends its own process a
signal, or hands on the function that does): an interrupted run leaves its main task pending, and an added
close() would destroy it where the old code left it alone (project_effects.imported_pending). Left open,
reported."""
import asyncio

from lib.watchdog import arm


async def main():
    arm(0.2)
    try:
        await asyncio.sleep(5)
    finally:
        print("main cleanup")


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(main())
