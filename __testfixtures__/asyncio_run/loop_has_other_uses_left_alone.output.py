"""P3 condition 2: `loop` is used for more than the one run (set_debug, a second run, run_forever,
passed to a coroutine, read as a module global by a coroutine): left alone, no diagnostic here."""
import asyncio


async def main():
    loop.call_soon(print, "callback")
    await asyncio.sleep(0)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.set_debug(True)
    loop.run_until_complete(main())
    loop.run_until_complete(main())
    loop.close()
