import asyncio
import unittest


async def go():
    return 1


class Rewritable(unittest.TestCase):
    def test_go(self):
        loop = asyncio.get_event_loop()
        self.assertEqual(loop.run_until_complete(go()), 1)


class Declined(unittest.TestCase):
    def test_go(self):
        # Runs after Rewritable's test: with no current loop left, this would raise.
        self.assertEqual(asyncio.get_event_loop().run_until_complete(go()), 1)
