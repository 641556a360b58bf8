import asyncio


def scheduled_for_later(loop):
    async def later():
        return asyncio.Queue(loop=loop)

    # create_task() returns at once: this function may rebind `loop` before the task runs.
    loop.create_task(later())


def bound_twice():
    loop = asyncio.new_event_loop()

    async def interrupted():
        return asyncio.Queue(loop=loop)

    try:
        loop.run_until_complete(interrupted())
    finally:
        # A run stopped early leaves the task pending; a later run of the old loop resumes it.
        old, loop = loop, asyncio.new_event_loop()
        old.run_until_complete(asyncio.sleep(0))


def assigned_in_a_loop(loops):
    for index in range(len(loops)):
        loop = loops[index]

        async def each():
            return asyncio.Queue(loop=loop)

        loop.run_until_complete(each())


def rebound_by_a_nested_function():
    loop = asyncio.new_event_loop()

    def swap():
        nonlocal loop
        loop = asyncio.new_event_loop()

    async def swapped():
        swap()
        return asyncio.Queue(loop=loop)

    loop.run_until_complete(swapped())


def run_from_a_nested_function():
    loop = asyncio.new_event_loop()

    async def nested():
        return asyncio.Queue(loop=loop)

    def run():
        return loop.run_until_complete(nested())

    return run


def another_loop(other):
    loop = asyncio.new_event_loop()

    async def elsewhere():
        return asyncio.Queue(loop=loop)

    other.run_until_complete(elsewhere())
