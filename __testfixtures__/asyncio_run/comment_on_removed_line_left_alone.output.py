"""A comment at the end of a line the rewrite would delete cannot be kept: left alone."""
import asyncio


async def main():
    return 1


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    loop.close()  # release the selector
