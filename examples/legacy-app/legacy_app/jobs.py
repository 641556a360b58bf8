import asyncio
import itertools
import logging

log = logging.getLogger(__name__)

_ids = itertools.count(1)


class Job(object):
    PENDING, RUNNING, DONE, FAILED = "pending", "running", "done", "failed"

    def __init__(self, url, retries=2):
        self.id = next(_ids)
        self.url = url
        self.retries = retries
        self.state = Job.PENDING
        self.result = None
        self.error = None
        self.future = None

    def __repr__(self):
        return "<Job #%d %s %s>" % (self.id, self.url, self.state)


class JobQueue(object):
    """A bounded queue of jobs; each job gets a future resolved on completion."""

    def __init__(self, maxsize=100, loop=None):
        self.loop = loop or asyncio.get_event_loop()
        self._queue = asyncio.Queue(maxsize=maxsize, loop=self.loop)
        self._lock = asyncio.Lock(loop=self.loop)
        self.jobs = {}

    def get_event_loop(self):
        # Local accessor used by workers and the server; not asyncio's function.
        return self.loop

    async def submit(self, url):
        loop = asyncio.get_event_loop()
        job = Job(url)
        job.future = loop.create_future()

        def on_done(fut):
            # Log from the next loop iteration so the result is fully recorded.
            asyncio.get_event_loop().call_soon(log.info, "job %s finished: %s", job.id, job.state)

        job.future.add_done_callback(on_done)
        async with self._lock:
            self.jobs[job.id] = job
        await self._queue.put(job)
        return job

    async def get(self):
        return await self._queue.get()

    def task_done(self):
        self._queue.task_done()

    async def join(self):
        await self._queue.join()

    def stats(self):
        counts = {}
        for job in self.jobs.values():
            counts[job.state] = counts.get(job.state, 0) + 1
        counts["queued"] = self._queue.qsize()
        return counts
