"""globals() may rebind the loop variable unseen (P3e): get_event_loop() is left alone."""
import asyncio


def reset():
    globals()["loop"] = None


async def main():
    return 1


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    reset()
    asyncio.get_event_loop().run_until_complete(main())
