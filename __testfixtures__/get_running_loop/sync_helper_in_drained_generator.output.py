# probe round 15, B p36 (P2a rule 2): a private helper called in a generator expression that a builtin drains in
# place, directly in a coroutine's body, runs under the loop: rewritten. One in a generator handed on is not.
# loopshift-fixture: runnable
import asyncio


def _weight(item):
    return len(item) if asyncio.get_running_loop().is_running() else -1


def _late(item):
    return asyncio.get_event_loop().is_running()


async def total(items):
    lazy = (_late(x) for x in items)
    return sum(_weight(x) for x in items), max((_weight(x) for x in items), default=0), lazy


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    weights, heaviest, lazy = loop.run_until_complete(total(["ab", "cde"]))
    print(weights, heaviest, list(lazy))
    loop.close()
