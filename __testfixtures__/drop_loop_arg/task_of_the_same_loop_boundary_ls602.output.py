import asyncio


def plain_functions_use_their_loop_when_called(loop, tasks):
    # gather() and shield() bind to their loop when called, before the task runs.
    loop.create_task(asyncio.gather(*tasks, loop=loop))
    asyncio.ensure_future(asyncio.shield(tasks[0], loop=loop), loop=loop)


def another_loop(loop, other, holder):
    loop.create_task(asyncio.sleep(0, loop=other))
    asyncio.ensure_future(asyncio.sleep(0, loop=loop), loop=other)
    asyncio.Task(asyncio.sleep(0, loop=holder.loop), loop=loop)
    asyncio.run_coroutine_threadsafe(asyncio.sleep(0, loop=loop), other)


def not_a_task_of_that_loop(loop, make):
    asyncio.ensure_future(asyncio.sleep(0, loop=loop))
    asyncio.Task(asyncio.sleep(0, loop=loop))
    asyncio.create_task(asyncio.sleep(0, loop=loop))
    loop.create_task(asyncio.sleep(0, loop=loop), make())
    loop.call_soon(asyncio.ensure_future, asyncio.sleep(0, loop=loop))
    asyncio.ensure_future(coro=asyncio.sleep(0, loop=loop), loop=loop)


def rebound_before_the_task_reads_it(loop, make):
    asyncio.ensure_future(asyncio.wait([(loop := make())], loop=loop), loop=loop)
