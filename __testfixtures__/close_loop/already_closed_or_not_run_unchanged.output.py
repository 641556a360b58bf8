import asyncio
import contextlib


async def job():
    await asyncio.sleep(0)


def closed_in_finally():
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(job())
    finally:
        loop.close()


def closed_conditionally(flag):
    loop = asyncio.new_event_loop()
    loop.run_until_complete(job())
    if flag:
        loop.close()


def closed_by_contextlib():
    with contextlib.closing(asyncio.new_event_loop()) as loop:
        loop.run_until_complete(job())


def with_closing_name():
    loop = asyncio.new_event_loop()
    with contextlib.closing(loop):
        loop.run_until_complete(job())


def never_run():
    loop = asyncio.new_event_loop()
    return loop
