"""The entry function runs twice: the second get_event_loop() returns the first (closed) loop, so
asyncio.run() per call would change behaviour. Left alone."""
import asyncio


async def main():
    return 1


def run():
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(main()))


if __name__ == "__main__":
    run()
    run()
