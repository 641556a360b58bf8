# Asked for unsafe proposals: _current() is proven (docs/SEMANTICS.md P2a) and rewritten as a safe change;
# _also_sync() has a caller in sync code, so it gets only the unsafe proposal for LS801 (P2).
import asyncio


def _current():
    return asyncio.get_event_loop()


def _also_sync():
    return asyncio.get_event_loop()


async def main():
    return _current(), _also_sync()


def blocking():
    return _also_sync()
