import asyncio


class _Pool:
    """Made only in a coroutine of this file, and no other module reaches it: rewritten safely (P2a)."""

    def __init__(self, loop=None):
        self._loop = loop or asyncio.get_running_loop()

    async def acquire(self):
        return self._loop.create_future()


class Client:
    """Public: other modules may make it anywhere, so only the unsafe fix (P5)."""

    def __init__(self, loop=None):
        self._loop = loop

    async def acquire(self):
        return (self._loop or asyncio.get_running_loop()).create_future()


async def main():
    return _Pool(), Client()
