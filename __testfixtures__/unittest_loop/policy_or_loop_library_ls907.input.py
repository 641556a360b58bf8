import asyncio
import unittest

import uvloop


async def go():
    return 1


class OnUvloop(unittest.TestCase):
    def setUp(self):
        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
        self.loop = asyncio.get_event_loop()

    def test_go(self):
        self.assertEqual(self.loop.run_until_complete(go()), 1)


class Plain(unittest.TestCase):
    def test_go(self):
        loop = asyncio.get_event_loop()
        self.assertEqual(loop.run_until_complete(go()), 1)
