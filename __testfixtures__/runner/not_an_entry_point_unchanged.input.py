import asyncio


async def work(n):
    await asyncio.sleep(0)
    return n


def sync_api():
    # called by importers, maybe under a running loop: not the script's entry point
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    a = loop.run_until_complete(work(1))
    b = loop.run_until_complete(work(2))
    loop.close()
    return a + b


def main():
    print(sync_api())


if __name__ == "__main__":
    main()
