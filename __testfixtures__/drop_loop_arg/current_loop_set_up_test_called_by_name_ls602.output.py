# P15 rule 8's test form declines when a test is named in a string or looked up by a computed name:
# another test may call it after code of its own, here with another loop current (probe round 7, W04).
import asyncio
import unittest


class ChainTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)

    def tearDown(self):
        asyncio.set_event_loop(None)
        self.loop.close()

    def test_event(self):
        event = asyncio.Event(loop=self.loop)
        self.loop.call_soon(event.set)
        self.loop.run_until_complete(event.wait())

    def test_zz_again(self):
        other = asyncio.new_event_loop()
        asyncio.set_event_loop(other)
        try:
            for name in ["test_event"]:
                getattr(self, name)()
        finally:
            asyncio.set_event_loop(self.loop)
            other.close()


if __name__ == "__main__":
    unittest.main()
