# The run's own line goes on after the run with its value: print() here calls __str__ of this file, which reads
# the loop asyncio.run() would have closed by then (P3a condition 4). Left to explicit_loop.
import asyncio


class Outcome:
    def __str__(self):
        return "closed: %s" % asyncio.get_event_loop().is_closed()


async def main():
    await asyncio.sleep(0)
    return Outcome()


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(main()))
