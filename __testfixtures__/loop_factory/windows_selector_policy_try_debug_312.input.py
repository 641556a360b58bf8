import asyncio


async def main():
    await asyncio.sleep(0)


if __name__ == "__main__":
    asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())
    retries = 3
    try:
        asyncio.run(
            main(),
            debug=True,
        )
    except KeyboardInterrupt:
        print("interrupted")
