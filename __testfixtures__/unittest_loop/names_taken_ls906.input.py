import unittest
from asyncio import get_event_loop


def new_event_loop():
    return "not asyncio's"


async def go():
    return 1


class T(unittest.TestCase):
    def test_go(self):
        loop = get_event_loop()
        self.assertEqual(loop.run_until_complete(go()), 1)
