import asyncio


async def serve():
    await asyncio.sleep(3600)


async def cleanup():
    print("cleanup")


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    try:
        loop.run_until_complete(serve())
    except KeyboardInterrupt:
        loop.run_until_complete(cleanup())
    loop.close()
