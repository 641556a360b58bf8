import asyncio


async def serve():
    await asyncio.sleep(0)


def main():
    # Only the main guard calls main(): the runner transforms own this site.
    loop = asyncio.get_event_loop()
    loop.run_until_complete(serve())


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(serve())
    main()
