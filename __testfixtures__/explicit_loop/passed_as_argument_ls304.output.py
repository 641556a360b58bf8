"""The loop is passed straight on: rewrite B's two statements have nowhere to go. Reported."""
import asyncio


def serve(loop):
    loop.run_until_complete(asyncio.sleep(0))


def start():
    serve(asyncio.get_event_loop())


if __name__ == "__main__":
    start()
