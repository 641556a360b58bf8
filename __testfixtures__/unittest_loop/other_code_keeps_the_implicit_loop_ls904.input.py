import asyncio
import unittest


def run(coro):
    # A helper on the implicit loop: after a loop per test it would find no current loop.
    return asyncio.get_event_loop().run_until_complete(coro)


async def go():
    return 1


class Rewritable(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_go(self):
        self.assertEqual(self.loop.run_until_complete(go()), 1)


class UsesTheHelper(unittest.TestCase):
    def test_helper(self):
        self.assertEqual(run(go()), 1)
