import argparse
import asyncio
import logging
import sys

from .config import install_policy, load_config
from .jobs import JobQueue
from .utils import Stopwatch
from .worker import WorkerPool


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="legacy-app")
    parser.add_argument("urls", nargs="*", help="URLs to fetch (simulated)")
    parser.add_argument("--serve", action="store_true", help="run the status server")
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser.parse_args(argv)


async def run_batch(urls):
    config = load_config()
    queue = JobQueue(maxsize=config["queue_size"])
    pool = WorkerPool(queue, size=config["workers"], fetch_timeout=config["fetch_timeout"])
    await pool.start()
    with Stopwatch() as watch:
        jobs = [await queue.submit(url) for url in urls]
        await pool.drain(timeout=30)
    await pool.stop()
    for job in jobs:
        print("%-40s %s" % (job.url, job.state))
    print("%d jobs in %.2fs" % (len(jobs), watch.elapsed))
    return 0 if all(j.state == "done" for j in jobs) else 1


def main(argv=None):
    args = parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO)
    if args.serve:
        from .server import serve_forever

        serve_forever()
        return 0
    install_policy()
    loop = asyncio.get_event_loop()
    try:
        return loop.run_until_complete(run_batch(args.urls or ["http://example.com/"]))
    finally:
        loop.close()


if __name__ == "__main__":
    sys.exit(main())
