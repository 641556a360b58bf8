"""P3 condition 4: code after the run (here via a helper) calls get_event_loop(); after asyncio.run()
it would raise RuntimeError instead of returning the closed loop. Left alone."""
import asyncio


async def main():
    return 1


def report():
    print("closed:", asyncio.get_event_loop().is_closed())


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    loop.close()
    report()
