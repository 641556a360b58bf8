# probe round 10: jobs run in the loop's default executor and the log format names the thread. The shared loop
# kept one executor, so both tests logged from ThreadPoolExecutor-0_0; a loop per test starts new threads. A
# file that uses the default executor and tells threads apart keeps one loop (LS901).
import asyncio
import logging
import sys
import time
import unittest

logging.basicConfig(stream=sys.stdout, level=logging.INFO, format="%(threadName)s %(message)s")
log = logging.getLogger("blocking")


def checksum(data):
    log.info("checksum of %d bytes", len(data))
    return sum(data) % 251


class ChecksumTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_small(self):
        res = self.loop.run_until_complete(self.loop.run_in_executor(None, checksum, b"abc"))
        self.assertEqual(res, 43)

    def test_large(self):
        res = self.loop.run_until_complete(self.loop.run_in_executor(None, checksum, bytes(1000)))
        self.assertEqual(res, 0)


if __name__ == "__main__":
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(ChecksumTest)
    res = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(suite)
    sys.exit(0 if res.wasSuccessful() else 1)
