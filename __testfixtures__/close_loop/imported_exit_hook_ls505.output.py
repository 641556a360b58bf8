"""A project module this file imports has code that runs at exit (importedEffects.exitHooks: an atexit
hook, a finalizer or a logging handler), which may see the loop closed where the old code left it open.
Left open, reported (docs/SEMANTICS.md P11)."""
import asyncio

from lib.metrics import track


async def main():
    await track()
    return "ok"


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(loop.run_until_complete(main()))
