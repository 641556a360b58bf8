# loopshift-fixture: runnable
"""P7: shield() is wrapped as well."""
import asyncio


async def fast():
    await asyncio.sleep(0)
    return "shielded result"


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(asyncio.shield(fast())))
    loop.close()
