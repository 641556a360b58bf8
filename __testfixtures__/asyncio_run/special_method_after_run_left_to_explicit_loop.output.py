# The run's value is printed after the run (sys.exit() prints what is not an int), and this file defines a
# special method printing may run (__str__ here, which reads the loop): after asyncio.run() that loop would be
# closed (P3a condition 4; probe round 7b, W01). Left to explicit_loop.
import asyncio
import sys


class Outcome:
    def __init__(self, code):
        self.code = code

    def __str__(self):
        loop = asyncio.get_event_loop()
        return "exit %s (loop closed: %s)" % (self.code, loop.is_closed())


async def main():
    await asyncio.sleep(0)
    return Outcome(3)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    outcome = loop.run_until_complete(main())
    sys.exit(outcome)
