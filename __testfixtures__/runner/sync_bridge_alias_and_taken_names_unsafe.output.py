"""An asyncio alias, atexit already imported, and the helper's first names taken."""
import asyncio as aio
import atexit
import contextvars

_run_sync = None
_sync_runner = "taken"


class Client:
    async def get(self, key):
        return key

    def get_sync(self, key):
        # a method argument is not a call of this file's async def: no proposal
        return aio.get_event_loop().run_until_complete(self.get(key))


async def ping():
    await aio.sleep(0)
    return "pong"


_bridge_runner = None


def _run_coroutine_sync(coro):
    """Run coro on one asyncio.Runner for every call, closed at exit; in a copy of the caller's context."""
    global _bridge_runner
    if _bridge_runner is None:
        _bridge_runner = aio.Runner()
        atexit.register(_bridge_runner.close)
    return _bridge_runner.run(coro, context=contextvars.copy_context())


class Facade:
    def ping_sync(self):
        return _run_coroutine_sync(ping())


atexit.register(print, "bye")
