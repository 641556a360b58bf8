# Another project module imports this module as a module object (`import pkg.helpers`), so it may call
# pkg.helpers._current() from anywhere: not proven (docs/SEMANTICS.md P2a), though every call here is in a
# coroutine.
import asyncio


def _current():
    return asyncio.get_event_loop()


async def main():
    return _current()
