"""P3 condition 6: nest_asyncio patches asyncio.run() into get_event_loop() + run_until_complete()
on the current loop, so asyncio.run()'s semantics do not hold. Left alone (explicit_loop reports
it); the re-entrant run inside the coroutine is not reported either, nest_asyncio allows it."""
import asyncio

import nest_asyncio


async def inner():
    return 1


async def main():
    return asyncio.get_event_loop().run_until_complete(inner())


if __name__ == "__main__":
    nest_asyncio.apply()
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(main()))
