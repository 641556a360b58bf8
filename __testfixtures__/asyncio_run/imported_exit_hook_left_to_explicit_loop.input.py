"""A project module this file imports has code that runs at exit (here lib.session: a __del__, a
weakref.finalize, an atexit hook or a logging handler, which logging's own atexit hook closes): it may
read the loop then, and asyncio.run() would close it where the old code left it open. The entry point is
left to explicit_loop (docs/SEMANTICS.md P3a condition 6; importedEffects.exitHooks)."""
import asyncio

from lib.session import Client

KEEP = []


async def main():
    KEEP.append(Client())
    await asyncio.sleep(0)
    return "ok"


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(main()))
