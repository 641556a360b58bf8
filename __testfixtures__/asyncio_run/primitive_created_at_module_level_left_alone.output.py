"""P3 condition 3 on targets <= 3.9: a module-level asyncio.Queue() binds to get_event_loop()'s
loop at construction, so under asyncio.run() it would belong to another loop. Left alone."""
import asyncio

jobs = asyncio.Queue()


async def main():
    await jobs.put("job")
    print(await jobs.get())


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    loop.close()
