"""P6: two runs on one loop share it (a queue, a session); one asyncio.run() per run would split
them across loops. Left alone (runner or explicit_loop handle it)."""
import asyncio


async def first():
    return asyncio.Queue()


async def second(queue):
    await queue.put(1)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    queue = loop.run_until_complete(first())
    loop.run_until_complete(second(queue))
    loop.close()
