# probe round 8, W02: the code after the run applies `|` to the run's value, which runs a __or__ of this file.
# loopshift-fixture: runnable
"""Every operator's special method counts (after_run.py SPECIAL_METHODS, src/loop-effects.ts SPECIAL_METHODS),
not only __add__/__sub__/...: this __or__ reads the current loop, closed and unset after asyncio.run().
Left to explicit_loop (P3a condition 4)."""
import asyncio


class Stats:
    def __init__(self, n):
        self.n = n

    def __or__(self, other):
        loop = asyncio.get_event_loop()
        return "merged %d loop-closed=%s" % (self.n + other, loop.is_closed())


async def main():
    await asyncio.sleep(0)
    return Stats(3)


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    stats = loop.run_until_complete(main())
    merged = stats | 4
    print(merged)
