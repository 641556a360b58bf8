# loopshift-fixture: runnable
"""P3 condition 4 fails for rewrite A (report() reads the loop after the run): rewrite B; the
get_event_loop() in report() returns the loop set earlier and is reported, not rewritten."""
import asyncio


async def main():
    return 1


def report():
    print("current loop closed:", asyncio.get_event_loop().is_closed())


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(main()))
    loop.close()
    report()
