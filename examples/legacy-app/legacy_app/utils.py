import asyncio
import functools
import hashlib
import logging

log = logging.getLogger(__name__)


def get_loop():
    """Return the loop everything in this package should use."""
    return asyncio.get_event_loop()


def checksum(data):
    # CPU-bound, so callers push it onto the default executor.
    return hashlib.sha256(data).hexdigest()


async def run_blocking(func, *args, **kwargs):
    loop = asyncio.get_event_loop()
    return await loop.run_in_executor(None, functools.partial(func, *args, **kwargs))


async def with_timeout(coro, timeout):
    loop = asyncio.get_event_loop()
    started = loop.time()
    try:
        return await asyncio.wait_for(coro, timeout, loop=loop)
    finally:
        log.debug("with_timeout: %.3fs elapsed", loop.time() - started)


class Stopwatch(object):
    """Measures elapsed loop time; usable as a context manager."""

    def __init__(self, loop=None):
        self.loop = loop or asyncio.get_event_loop()
        self.started = None
        self.elapsed = None

    def __enter__(self):
        self.started = self.loop.time()
        return self

    def __exit__(self, *exc):
        self.elapsed = self.loop.time() - self.started
        return False
