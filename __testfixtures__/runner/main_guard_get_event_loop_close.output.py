# loopshift-fixture: runnable
"""Two runs on the script's loop, blocking code between them, results kept."""
import asyncio
import time

seen = []


async def fetch(n):
    seen.append(asyncio.get_running_loop())
    await asyncio.sleep(0)
    return n * 2


async def total(values):
    seen.append(asyncio.get_running_loop())
    await asyncio.sleep(0)
    return sum(values)


if __name__ == "__main__":
    with asyncio.Runner() as runner:
        first = runner.run(fetch(1))
        time.sleep(0.01)
        print("between runs:", first)
        second = runner.run(total([first, 5]))
        print("result:", second)
    print("same loop for both runs:", seen[0] is seen[1])
    print("loop closed:", seen[0].is_closed())
