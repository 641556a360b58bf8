# A program that interrupts itself (signal.raise_signal, os.kill, an alarm): from 3.11 asyncio.run() turns SIGINT
# into cancelling the main task, which stops at its next await where the old code stopped at once (R4; probe
# round 7, W22): left to explicit_loop.
import asyncio
import signal


def crunch(rows):
    total = 0
    for i, row in enumerate(rows):
        if i == 2:
            signal.raise_signal(signal.SIGINT)  # stands for the user pressing Ctrl-C during a long computation
        total += row
        print("crunched row", i)
    return total


async def main():
    await asyncio.sleep(0)
    print("total", crunch([1, 2, 3, 4, 5]))
    await asyncio.sleep(0)
    print("saved results")


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
