import asyncio
from nest_asyncio import apply as allow_nesting


def notebook_run(coro):
    allow_nesting(asyncio.get_event_loop())
    return asyncio.get_event_loop().run_until_complete(coro)
