# loopshift-fixture: runnable
"""A module-level `loop` read by a coroutine and a callback: rewrite B keeps the global."""
import asyncio


def callback(results):
    results.append("callback on " + ("the loop" if asyncio.get_event_loop() is loop else "another loop"))


async def main():
    results = []
    loop.call_soon(callback, results)
    await asyncio.sleep(0)
    return results


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(loop.run_until_complete(main()))
    loop.close()
