import asyncio
import concurrent.futures


async def main(coro_factory):
    loop = asyncio.get_running_loop()
    task = asyncio.ensure_future(coro_factory(), loop=loop)
    wrapped = asyncio.wrap_future(concurrent.futures.Future(), loop=loop)
    future = asyncio.Future(loop=loop)
    other = asyncio.Task(coro_factory(), loop=loop)
    reader = asyncio.StreamReader(loop=loop)
    protocol = asyncio.StreamReaderProtocol(reader, loop=loop)
    current = asyncio.current_task(loop=loop)
    everything = asyncio.all_tasks(loop=loop)
    handle = loop.call_later(1, print)
    return task, wrapped, future, other, protocol, current, everything, handle


def from_thread(coro, loop):
    return asyncio.run_coroutine_threadsafe(coro, loop=loop)
