"""The loop is stored on an attribute: rewrite B would evaluate the target twice. Reported."""
import asyncio


class App:
    loop = None


async def main():
    return 1


if __name__ == "__main__":
    app = App()
    app.loop = asyncio.get_event_loop()
    app.loop.run_until_complete(main())
