"""A project module this file imports may leave work pending when the run ends (importedEffects.pending:
a task it starts, say), which an added close() would destroy at once, running its finally blocks where
the old code left it pending. Left open, reported (docs/SEMANTICS.md P11)."""
import asyncio

from lib.client import connect


async def main():
    await connect()
    return "ok"


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(loop.run_until_complete(main()))
