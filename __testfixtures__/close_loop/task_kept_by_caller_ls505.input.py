import asyncio

REGISTRY = []


async def tick():
    await asyncio.sleep(0)


def start(pending):
    loop = asyncio.new_event_loop()
    task = loop.create_task(tick())
    pending.append(task)
    loop.run_until_complete(asyncio.sleep(0))


def start_on(holder):
    loop = asyncio.new_event_loop()
    holder.task = loop.create_task(tick())
    loop.run_until_complete(holder.task)


def start_registered():
    loop = asyncio.new_event_loop()
    task = loop.create_task(tick())
    REGISTRY.append(task)  # someone may task.cancel() later: on a closed loop that raises
    loop.run_until_complete(task)
