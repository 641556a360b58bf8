# loopshift-fixture: runnable
"""P3 condition 4 fails for rewrite A (report() reads the loop after the run): rewrite B; the
get_event_loop() in report() returns the loop set earlier and is reported, not rewritten."""
import asyncio


async def main():
    return 1


def report():
    print("current loop closed:", asyncio.get_event_loop().is_closed())


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(loop.run_until_complete(main()))
    loop.close()
    report()
