"""P7: gather() of several coroutines without return_exceptions=True returns at the first error
while the others still run; asyncio.run() would cancel them, run_until_complete() left them
pending. Left alone; a single-child gather is wrapped (see crlf_line_endings)."""
import asyncio


async def ok():
    await asyncio.sleep(0.01)
    print("ok finished")


async def bad():
    raise ValueError("bad")


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    try:
        loop.run_until_complete(asyncio.gather(ok(), bad()))
    except ValueError:
        print("gather failed")
