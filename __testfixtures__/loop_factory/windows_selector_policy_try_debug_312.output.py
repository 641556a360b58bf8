import asyncio


async def main():
    await asyncio.sleep(0)


if __name__ == "__main__":
    retries = 3
    try:
        asyncio.run(
            main(),
            debug=True,
            loop_factory=asyncio.SelectorEventLoop,
        )
    except KeyboardInterrupt:
        print("interrupted")
