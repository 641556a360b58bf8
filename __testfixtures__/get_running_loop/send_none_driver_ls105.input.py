import asyncio


async def main():
    return asyncio.get_event_loop()


def drive_without_loop():
    coro = main()
    try:
        coro.send(None)
    except StopIteration as stop:
        return stop.value
