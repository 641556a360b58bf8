"""Line-based status server: send STATS, SUBMIT <url> or QUIT."""
import asyncio
import logging
import signal
from asyncio import get_event_loop

from .config import install_policy, load_config
from .jobs import JobQueue
from .worker import WorkerPool

log = logging.getLogger(__name__)


class StatusServer(object):
    def __init__(self, queue, host="127.0.0.1", port=0, loop=None):
        self.queue = queue
        self.host = host
        self.port = port
        self.loop = loop or get_event_loop()
        self.server = None
        self.connections = 0

    async def handle(self, reader, writer):
        self.connections += 1
        loop = get_event_loop()
        uptime = lambda: asyncio.get_event_loop().time() - self.started
        while True:
            line = await reader.readline()
            if not line:
                break
            cmd, _, arg = line.decode().strip().partition(" ")
            if cmd == "STATS":
                reply = "%r uptime=%.1f" % (self.queue.stats(), uptime())
            elif cmd == "SUBMIT" and arg:
                job = await self.queue.submit(arg)
                reply = "queued %d" % job.id
            elif cmd == "QUIT":
                break
            else:
                reply = "error unknown command"
            writer.write((reply + "\n").encode())
            await writer.drain()
        writer.close()
        log.debug("connection closed at %.2f", loop.time())

    async def start(self):
        self.started = self.loop.time()
        self.server = await asyncio.start_server(
            self.handle, self.host, self.port, loop=self.loop
        )
        sock = self.server.sockets[0]
        self.port = sock.getsockname()[1]
        log.info("status server on %s:%d", self.host, self.port)

    async def close(self):
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()


def serve_forever():
    """Run the workers and the status server until SIGINT/SIGTERM."""
    install_policy()
    config = load_config()
    loop = get_event_loop()
    queue = JobQueue(maxsize=config["queue_size"], loop=loop)
    pool = WorkerPool(queue, size=config["workers"], fetch_timeout=config["fetch_timeout"])
    server = StatusServer(queue, config["host"], config["port"], loop=loop)

    loop.run_until_complete(asyncio.gather(pool.start(), server.start(), loop=loop))
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, loop.stop)
    try:
        loop.run_forever()
    finally:
        loop.run_until_complete(server.close())
        loop.run_until_complete(pool.stop())
        loop.close()
