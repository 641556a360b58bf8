"""P3 condition 7: main() starts a task it does not await. run_until_complete() leaves it pending,
asyncio.run() cancels it (running its finally). Left alone."""
import asyncio


async def heartbeat():
    try:
        while True:
            await asyncio.sleep(1)
    finally:
        print("heartbeat stopped")


async def main():
    asyncio.ensure_future(heartbeat())
    await asyncio.sleep(0)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
