import asyncio


async def work(n):
    await asyncio.sleep(0)
    return n


def main():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(work(1))
    loop.run_until_complete(work(2))
    loop.close()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        print("interrupted")
