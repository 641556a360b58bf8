# loopshift-fixture: runnable
import asyncio as aio


def blocking_sum(n):
    return sum(range(n))


async def main():
    loop = aio.get_running_loop()
    total = await loop.run_in_executor(None, blocking_sum, 10)
    print(total)
    print(loop is aio.get_running_loop())


if __name__ == "__main__":
    aio.run(main())
