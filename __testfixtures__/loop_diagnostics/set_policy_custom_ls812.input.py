import asyncio as aio
import sys

import tornado.platform.asyncio
import uvloop

from .policies import QuietPolicy


aio.set_event_loop_policy(QuietPolicy())
aio.set_event_loop_policy(tornado.platform.asyncio.AnyThreadEventLoopPolicy())

policy = uvloop.EventLoopPolicy()
aio.set_event_loop_policy(policy)  # not plainly a loop-class choice: the argument is a variable

# Plain loop-class choices away from an entry-point run: LS813, with the loop_factory= to pass instead.
aio.set_event_loop_policy(uvloop.EventLoopPolicy())
if sys.platform == "win32":
    aio.set_event_loop_policy(aio.WindowsSelectorEventLoopPolicy())
else:
    aio.events.set_event_loop_policy(aio.WindowsProactorEventLoopPolicy())
