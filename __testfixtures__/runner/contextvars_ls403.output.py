# loopshift-fixture: runnable
"""Each run_until_complete() runs in a fresh copy of the context; one Runner shares one copy."""
import asyncio
import contextvars

request_id = contextvars.ContextVar("request_id", default="unset")


async def set_it():
    request_id.set("from run 1")


async def read_it():
    return request_id.get()


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(set_it())
    print("run 2 sees:", loop.run_until_complete(read_it()))
    loop.close()
