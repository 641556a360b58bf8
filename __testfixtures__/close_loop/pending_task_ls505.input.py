"""main() leaves a task pending. The old code never closed the loop, so the task stayed pending to the
end and its finally never ran; an added close() would let it be destroyed at once, its coroutine closed,
and its finally would print. Left open, reported (docs/SEMANTICS.md P11)."""
import asyncio


async def listener(ready):
    try:
        ready.set_result(None)
        await asyncio.sleep(3600)
    finally:
        print("listener cleanup ran")


async def main():
    ready = asyncio.get_running_loop().create_future()
    asyncio.ensure_future(listener(ready))
    await ready
    return "served"


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(loop.run_until_complete(main()))
