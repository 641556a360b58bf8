"""A logging handler of this file: logging's own atexit hook (logging.shutdown) calls its flush() and
close() at exit, where it may use the loop; asyncio.run() would close it where the old code left it open.
The entry point is left to explicit_loop (docs/SEMANTICS.md P3a condition 6)."""
import asyncio
import logging


class ShipHandler(logging.Handler):
    def __init__(self):
        super().__init__()
        self.loop = asyncio.get_running_loop()

    def emit(self, record):
        pass

    def close(self):
        print("closed at exit, loop closed:", self.loop.is_closed())
        super().close()


async def main():
    logging.getLogger("x").addHandler(ShipHandler())
    return 1


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(main()))
