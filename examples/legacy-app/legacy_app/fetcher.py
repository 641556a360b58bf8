"""Simulated HTTP fetcher: no network, just asyncio.sleep and fake bodies."""
import asyncio
import logging
import random

from .utils import checksum, with_timeout

log = logging.getLogger(__name__)


class FetchError(Exception):
    pass


class Response(object):
    def __init__(self, url, status, body, elapsed):
        self.url = url
        self.status = status
        self.body = body
        self.elapsed = elapsed

    def __repr__(self):
        return "<Response %s %d (%d bytes)>" % (self.url, self.status, len(self.body))


class Fetcher(object):
    def __init__(self, timeout=5.0, loop=None):
        self.timeout = timeout
        self.loop = loop or asyncio.get_event_loop()
        self._semaphore = asyncio.Semaphore(10, loop=self.loop)
        self.requests = 0

    async def _fake_request(self, url):
        await asyncio.sleep(random.uniform(0.01, 0.1), loop=self.loop)
        if "fail" in url:
            raise FetchError("simulated failure for %s" % url)
        return ("<html><body>%s</body></html>" % url).encode()

    async def fetch(self, url):
        async with self._semaphore:
            self.requests += 1
            start = self.loop.time()
            body = await with_timeout(self._fake_request(url), self.timeout)
            return Response(url, 200, body, self.loop.time() - start)

    async def fetch_with_digest(self, url):
        response = await self.fetch(url)
        loop = asyncio.get_event_loop()
        digest = await loop.run_in_executor(None, checksum, response.body)
        return response, digest

    async def fetch_all(self, urls):
        tasks = [asyncio.ensure_future(self.fetch(u), loop=self.loop) for u in urls]
        return await asyncio.gather(*tasks, loop=self.loop, return_exceptions=True)
