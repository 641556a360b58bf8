import asyncio
import unittest

from legacy_app.jobs import Job, JobQueue
from legacy_app.worker import WorkerPool


async def submit_many(queue, urls):
    loop = asyncio.get_event_loop()
    jobs = [await queue.submit(u) for u in urls]
    await asyncio.wait([j.future for j in jobs], loop=loop)
    return jobs


class JobQueueTest(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.queue = JobQueue(maxsize=10, loop=self.loop)

    def tearDown(self):
        self.loop.close()
        asyncio.set_event_loop(None)

    def test_submit_creates_pending_job(self):
        job = self.loop.run_until_complete(self.queue.submit("http://a/"))
        self.assertEqual(job.state, Job.PENDING)
        self.assertEqual(self.queue.stats()["queued"], 1)

    def test_local_get_event_loop(self):
        self.assertIs(self.queue.get_event_loop(), self.loop)

    def test_workers_process_jobs(self):
        pool = WorkerPool(self.queue, size=2, fetch_timeout=1.0)
        self.loop.run_until_complete(pool.start())
        jobs = self.loop.run_until_complete(
            submit_many(self.queue, ["http://a/", "http://b/", "http://fail/"])
        )
        self.loop.run_until_complete(pool.stop())
        states = sorted(j.state for j in jobs)
        self.assertEqual(states, [Job.DONE, Job.DONE, Job.FAILED])


if __name__ == "__main__":
    unittest.main()
