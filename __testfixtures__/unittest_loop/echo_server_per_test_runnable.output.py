# loopshift-fixture: runnable
# A 2019-style test of a small TCP service: setUp() takes the implicit loop and starts a server on it,
# tearDown() stops it with run_until_complete(). With a loop per test, each test has its own server on
# its own loop, stopped in tearDown() while that loop is still open.
import asyncio
import sys
import unittest


async def handle(reader, writer):
    data = await reader.readline()
    writer.write(data.upper())
    await writer.drain()
    writer.close()


async def ask(port, text):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(text.encode() + b"\n")
    answer = await reader.readline()
    writer.close()
    return answer.decode().strip()


class EchoServer(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.addCleanup(asyncio.set_event_loop, None)
        self.addCleanup(self.loop.close)
        self.server = self.loop.run_until_complete(asyncio.start_server(handle, "127.0.0.1", 0))
        self.port = self.server.sockets[0].getsockname()[1]

    def tearDown(self):
        self.server.close()
        self.loop.run_until_complete(self.server.wait_closed())
        print("  tearDown: server closed, loop open", not self.loop.is_closed())

    def test_one_client(self):
        self.assertEqual(self.loop.run_until_complete(ask(self.port, "hello")), "HELLO")

    def test_two_clients(self):
        both = asyncio.gather(ask(self.port, "a"), ask(self.port, "b"))
        self.assertEqual(self.loop.run_until_complete(both), ["A", "B"])


if __name__ == "__main__":
    result = unittest.TestResult()
    for case in unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]):
        for test in case:
            print(test.id())
            test.run(result)
    print("ran", result.testsRun, "failures", len(result.failures), "errors", len(result.errors))
    for test, trace in result.failures + result.errors:
        print(test.id(), trace.strip().splitlines()[-1])
