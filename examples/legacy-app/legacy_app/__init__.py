"""legacy_app - a tiny asyncio job runner.

Fetches (simulated) URLs through a bounded job queue processed by a pool of
workers, and exposes a line-based status server.
"""

__version__ = "0.4.2"

from .jobs import Job, JobQueue
from .worker import WorkerPool

__all__ = ["Job", "JobQueue", "WorkerPool", "__version__"]
