import asyncio


async def job():
    await asyncio.sleep(0)


def schedule_more():
    # reads the main guard's global `loop`
    loop.call_soon(print, "more")


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    loop.run_until_complete(job())
    schedule_more()
