"""An asyncio alias, atexit already imported, and the helper's first names taken."""
import asyncio as aio
import atexit

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


class Facade:
    def ping_sync(self):
        return aio.get_event_loop().run_until_complete(ping())


atexit.register(print, "bye")
