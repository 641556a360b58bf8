# loopshift-fixture: runnable
"""P7: shield() is wrapped as well."""
import asyncio


async def fast():
    await asyncio.sleep(0)
    return "shielded result"


if __name__ == "__main__":
    async def _main():
        return await asyncio.shield(fast())
    print(asyncio.run(_main()))
