"""Work a run may leave pending (loopshift_support/pending_work.py, docs/SEMANTICS.md R5, P11): with
`callbacks=False` (close_loop's added close()), plain callbacks a close() drops run no code and do not count;
tasks, executor jobs, servers and async generators do.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.pending_work import left_pending, starts_thread  # noqa: E402
from loopshift_support.walk import TreeIndex  # noqa: E402


def pending(source, **options):
    return left_pending(TreeIndex(cst.parse_module(source)), source, **options)


class LeftPending(unittest.TestCase):
    def test_callbacks_count_unless_told_not_to(self):
        source = "def serve(loop):\n    loop.call_soon(print, 1)\n    loop.call_later(1, loop.stop)\n"
        self.assertIn("call_soon", pending(source))
        self.assertIsNone(pending(source, callbacks=False))

    def test_tasks_jobs_and_async_generators_always_count(self):
        for source, word in (("async def main():\n    asyncio.ensure_future(job())\n", "ensure_future"),
                             ("async def main():\n    await loop.run_in_executor(None, f)\n", "run_in_executor"),
                             ("def go(loop):\n    loop.call_soon(f)\n    loop.create_task(job())\n", "create_task"),
                             ("async def main():\n    await asyncio.wait(tasks)\n", "asyncio.wait")):
            self.assertIn(word, pending(source, callbacks=False))
        self.assertIn("async generator", pending("async def ticks():\n    yield 1\n", callbacks=False))
        # An async generator expression too, with an await or an async for (probe round 13, D p20).
        self.assertIn("async generator expression", pending(
            "async def first(xs):\n    async for x in (await f(i) for i in xs):\n        return x\n", callbacks=False))
        self.assertIsNone(pending("async def total(xs):\n    return sum(x for x in xs)\n", callbacks=False))

    def test_gathers_that_may_leave_children_running(self):
        """A gather of several children without return_exceptions=True returns at the first error; a gather not
        awaited runs in the background; shield outlives its waiter; a done callback runs in a later step
        (probe round 9, B4). Awaited or handed to a run, a single child or return_exceptions=True is waited out."""
        early = ("async def main():\n    await asyncio.gather(a(), b())\n",
                 "async def main():\n    await gather(*jobs)\n",
                 "async def main():\n    asyncio.gather(a())\n",
                 "async def main():\n    t = asyncio.gather(a(), return_exceptions=True)\n")
        for source in early:
            self.assertIn("gather()", pending(source, callbacks=False), source)
        settled = ("async def main():\n    await asyncio.gather(a())\n",
                   "async def main():\n    await asyncio.gather(a(), b(), return_exceptions=True)\n",
                   "loop.run_until_complete(asyncio.gather(a(), b(), return_exceptions=True))\n")
        for source in settled:
            self.assertIsNone(pending(source, callbacks=False), source)
        self.assertIn("shield", pending("async def main():\n    await asyncio.shield(a())\n", callbacks=False))
        self.assertIn("add_done_callback", pending("async def main():\n    f.add_done_callback(g)\n"))
        self.assertIsNone(pending("async def main():\n    f.add_done_callback(g)\n", callbacks=False))
        # coroutines_only: a gather outside an async def is the caller's to check.
        self.assertIsNone(pending("both = asyncio.gather(a(), b())\n", coroutines_only=True))

    def test_runs_that_end_early_and_children_never_reaped(self):
        """probe round 10: a loop's stop() in a file that runs run_until_complete() (m7, m10), a subprocess never
        waited for (W8); run_forever() ended by stop() is its normal end."""
        ruc = "def go(loop):\n    loop.run_until_complete(main())\n"
        self.assertIn("stopped", pending(ruc + "async def main():\n    asyncio.get_running_loop().stop()\n",
                                         callbacks=False))
        self.assertIn("stopped", pending(ruc + "def abort(loop):\n    loop.stop()\n", callbacks=False))
        self.assertIsNone(pending("def go(loop):\n    loop.run_forever()\ndef halt(loop):\n    loop.stop()\n",
                                  callbacks=False))
        started = "async def main():\n    p = await asyncio.create_subprocess_exec('true')\n"
        self.assertIn("subprocess", pending(started, callbacks=False))
        self.assertIsNone(pending(started + "    await p.wait()\n", callbacks=False))

    def test_code_that_interrupts_its_own_process(self):
        """A SIGINT (or a timer signal) of the process itself leaves the interrupted run's main task pending,
        whatever callbacks=: interrupt_main also handed on as a value (probe round 8, W09)."""
        for source in ("threading.Timer(0.2, _thread.interrupt_main).start()\n",
                       "def stop():\n    _thread.interrupt_main()\n",
                       "def stop():\n    os.kill(os.getpid(), signal.SIGINT)\n",
                       "def stop():\n    signal.raise_signal(signal.SIGINT)\n",
                       "def arm():\n    signal.alarm(1)\n",
                       "def arm():\n    signal.setitimer(signal.ITIMER_REAL, 0.1)\n",
                       "from signal import alarm\nalarm(1)\n"):
            self.assertIn("interrupts its own process", pending(source, callbacks=False) or "", source)
        for source in ("signal.signal(signal.SIGTERM, handler)\n", "def stop(proc):\n    proc.kill()\n",
                       "class Clock:\n    alarm = None\n"):
            self.assertIsNone(pending(source, callbacks=False), source)


class StartsThread(unittest.TestCase):
    """pending_work.starts_thread: a thread this file starts may hold the loop past the run, and see it closed by
    asyncio.run() or an added close() where the old code left it open (probe round 8, W03)."""

    def test_threads_timers_and_thread_pools(self):
        for source, word in (("t = threading.Thread(target=watch, args=(loop,))\n", "Thread"),
                             ("threading.Timer(1, check, (loop,)).start()\n", "Timer"),
                             ("from threading import Thread\nThread (target=f).start()\n", "Thread"),
                             ("pool = concurrent.futures.ThreadPoolExecutor(2)\n", "ThreadPoolExecutor"),
                             ("_thread.start_new_thread(watch, (loop,))\n", "start_new_thread"),
                             # A subclass started by its own name (probe round 8, a variant of W03).
                             ("class Watchdog(threading.Thread):\n    pass\nWatchdog(loop).start()\n", "Thread"),
                             ("x = threading.Thread\n", "Thread")):
            found = starts_thread(source)
            self.assertIsNotNone(found, source)
            self.assertTrue(found.startswith(word + " in this file may start a thread"), found)

    def test_other_names(self):
        for source in ("import threading\nlock = threading.Lock()\nevent = threading.Event()\n",
                       "pool = concurrent.futures.ProcessPoolExecutor(2)\n",
                       "def threads():\n    return threading.enumerate()\n"):
            self.assertIsNone(starts_thread(source), source)


if __name__ == "__main__":
    unittest.main()
