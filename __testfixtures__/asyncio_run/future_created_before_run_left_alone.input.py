"""P3 condition 3: ensure_future() before the run binds a task to the implicit loop, which
asyncio.run() would never run. Left alone (explicit_loop keeps the loop)."""
import asyncio


async def background():
    print("background")


async def main():
    await asyncio.sleep(0)


if __name__ == "__main__":
    task = asyncio.ensure_future(background())
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
