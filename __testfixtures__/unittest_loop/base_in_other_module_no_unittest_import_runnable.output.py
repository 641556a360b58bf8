# loopshift-fixture: runnable
# P13a with the one base in another project module, and no import of unittest in the test module itself (the
# base module has it): the transform's required word may come from the base modules' text (registry.triggered_by).
import asyncio

from loopbases.plain import AsyncCase, run_module_tests


async def double(x):
    await asyncio.sleep(0)
    return 2 * x


class DoubleTest(AsyncCase):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.addCleanup(asyncio.set_event_loop, None)
        self.addCleanup(self.loop.close)

    def test_double(self):
        print("double", self.run_coro(double(21)))

    def test_again(self):
        print("again", self.run_coro(double(1)))


if __name__ == "__main__":
    run_module_tests(__name__)
