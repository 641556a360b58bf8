import asyncio


async def main():
    loop = asyncio.get_running_loop()
    await asyncio.sleep(0)
    return loop


if __name__ == "__main__":
    asyncio.run(main())
