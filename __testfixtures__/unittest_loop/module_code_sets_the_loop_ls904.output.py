import asyncio
import unittest


async def go():
    return 1


class Plain(unittest.TestCase):
    def test_go(self):
        loop = asyncio.get_event_loop()
        self.assertEqual(loop.run_until_complete(go()), 1)


if __name__ == "__main__":
    asyncio.set_event_loop(asyncio.new_event_loop())
    unittest.main()
