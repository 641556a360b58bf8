import asyncio as aio
import logging

from .fetcher import FetchError, Fetcher
from .jobs import Job

log = logging.getLogger(__name__)


class Worker(object):
    def __init__(self, name, queue, fetcher):
        self.name = name
        self.queue = queue
        self.fetcher = fetcher
        self.processed = 0

    async def run(self):
        loop = self.queue.get_event_loop()
        while True:
            job = await self.queue.get()
            try:
                await self.process(job)
            finally:
                self.queue.task_done()
                log.debug("%s idle at t=%.2f", self.name, loop.time())

    async def process(self, job):
        job.state = Job.RUNNING
        for attempt in range(job.retries + 1):
            try:
                response, digest = await self.fetcher.fetch_with_digest(job.url)
            except (FetchError, aio.TimeoutError) as exc:
                job.error = exc
                await aio.sleep(0.05 * (attempt + 1), loop=self.queue.loop)
                continue
            job.state = Job.DONE
            job.result = (response.status, digest)
            self.processed += 1
            break
        else:
            job.state = Job.FAILED
        if not job.future.done():
            job.future.set_result(job.state)


class WorkerPool(object):
    def __init__(self, queue, size=4, fetch_timeout=5.0):
        self.queue = queue
        self.size = size
        self.fetcher = Fetcher(timeout=fetch_timeout, loop=queue.loop)
        self.workers = []
        self.tasks = []

    async def start(self):
        loop = aio.get_event_loop()
        for i in range(self.size):
            worker = Worker("worker-%d" % i, self.queue, self.fetcher)
            self.workers.append(worker)
            self.tasks.append(loop.create_task(worker.run()))

    async def drain(self, timeout=None):
        loop = aio.get_event_loop()
        deadline = loop.time() + timeout if timeout else None
        await aio.wait_for(self.queue.join(), timeout, loop=loop)
        if deadline is not None:
            log.info("drained with %.2fs to spare", deadline - loop.time())

    async def stop(self):
        for task in self.tasks:
            task.cancel()
        await aio.gather(*self.tasks, loop=self.queue.loop, return_exceptions=True)
        self.tasks = []
