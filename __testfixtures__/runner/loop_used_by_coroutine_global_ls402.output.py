import asyncio


async def work():
    loop.call_soon(print, "scheduled on the global loop")
    await asyncio.sleep(0)


async def other():
    loop = asyncio.get_running_loop()
    return loop.time()


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(work())
    loop.run_until_complete(other())
    loop.close()
