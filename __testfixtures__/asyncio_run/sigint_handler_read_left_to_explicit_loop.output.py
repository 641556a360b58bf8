# probe round 10, m1: asyncio.run() (3.11+, main thread) installs its own SIGINT handler for the run, so the
# coroutine's signal.getsignal(SIGINT) would no longer be the default handler (R4). A file that reads the handler
# (getsignal, or the old one signal.signal() returns) is left to explicit_loop.
import asyncio
import signal


async def main():
    print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
