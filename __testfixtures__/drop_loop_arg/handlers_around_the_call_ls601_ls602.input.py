import asyncio
import contextlib
import unittest
import warnings

import pytest

RETRYABLE = (OSError, RuntimeError)


class Version(unittest.TestCase):
    async def shims(self, delay):
        # Code that already copes with 3.10 (TypeError) or with another loop (RuntimeError) stays.
        try:
            await asyncio.sleep(delay, loop=self.loop)
        except TypeError:
            await asyncio.sleep(delay)
        try:
            await asyncio.wait_for(self.fut, delay, loop=self.loop)
        except Exception:
            pass
        try:
            await asyncio.sleep(delay, loop=self.loop)
        except:
            raise
        try:
            await asyncio.gather(self.fut, loop=self.loop)
        except (asyncio.CancelledError, RuntimeError):
            pass
        try:
            await asyncio.sleep(delay, loop=self.loop)
        except RETRYABLE:
            pass
        try:
            await asyncio.sleep(delay, loop=self.loop)
        except* ValueError:
            pass

    async def context_managers(self, delay):
        with self.assertRaises(RuntimeError):
            await asyncio.sleep(delay, loop=self.loop)
        with self.assertWarns(DeprecationWarning):
            await asyncio.sleep(delay, loop=self.loop)
        with pytest.raises(TypeError, match="loop"):
            await asyncio.sleep(delay, loop=self.loop)
        with contextlib.suppress(KeyError, Exception):
            await asyncio.sleep(delay, loop=self.loop)
        with warnings.catch_warnings():
            await asyncio.sleep(delay, loop=self.loop)

    async def handlers_that_cannot_catch_it(self, delay):
        # Narrow handlers, finally, and the other parts of a try are no reason to keep loop=.
        try:
            await asyncio.wait_for(self.fut, delay, loop=self.loop)
        except (asyncio.TimeoutError, KeyError):
            await asyncio.sleep(delay, loop=self.loop)
        else:
            await asyncio.sleep(delay, loop=self.loop)
        finally:
            await asyncio.sleep(delay, loop=self.loop)
        with self.assertRaises(asyncio.TimeoutError):
            await asyncio.wait_for(self.fut, delay, loop=self.loop)
        with self.assertWarnsRegex(RuntimeWarning, "never awaited"):
            await asyncio.sleep(delay, loop=self.loop)
        async with self.lock:
            await asyncio.sleep(delay, loop=self.loop)

    def test_sync(self):
        # Outside a coroutine the same holds for the argument of run_until_complete().
        with self.assertWarns(DeprecationWarning):
            self.loop.run_until_complete(asyncio.sleep(0, loop=self.loop))
        try:
            self.loop.run_until_complete(asyncio.sleep(0, loop=self.loop))
        except TypeError:
            self.loop.run_until_complete(asyncio.sleep(0))
        with self.assertRaises(ValueError):
            self.loop.run_until_complete(asyncio.wait([], loop=self.loop))
        with self.assertRaises(asyncio.TimeoutError):
            self.loop.run_until_complete(asyncio.wait_for(self.fut, 0.01, loop=self.loop))


async def outer_try_does_not_reach_nested_functions(loop):
    try:
        async def nested():
            await asyncio.sleep(0, loop=loop)
        return nested
    except TypeError:
        return None


class Callers(unittest.TestCase):
    # A handler naming TypeError, RuntimeError, ValueError or DeprecationWarning around a call of the
    # function that holds loop= is there for the error too (as in CPython 3.8's own test suite).
    def test_nested_coroutine(self):
        async def waits():
            await asyncio.sleep(0, loop=self.loop)
            return asyncio.Queue(loop=self.loop)

        with self.assertWarns(DeprecationWarning):
            self.loop.run_until_complete(waits())

    def start(self):
        return self.loop.run_until_complete(asyncio.start_server(self.handle, sock=self.sock, loop=self.loop))

    def test_start(self):
        try:
            self.start()
        except TypeError:
            self.skipTest("loop= is gone")

    def passed_to_assert_raises(self):
        self.loop.run_until_complete(asyncio.sleep(0, loop=self.loop))

    def test_call_form(self):
        self.assertRaises(RuntimeError, self.passed_to_assert_raises)


class Supervisor:
    # General error handling (except Exception) in a caller is not about loop=: dropped.
    async def step(self):
        await asyncio.sleep(1, loop=self._loop)

    async def run_forever(self):
        while True:
            try:
                await self.step()
            except Exception:
                pass
