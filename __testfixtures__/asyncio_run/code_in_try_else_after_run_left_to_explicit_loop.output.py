# The else (and the handlers) of the try around the run also run after it, before the old code's close: an
# object bound to the run's loop used there would find it closed after asyncio.run() (P3a condition 4; probe
# round 7b, W15, W16). Left to explicit_loop.
import asyncio


class Report:
    def __init__(self, loop):
        self.loop = loop

    def state(self):
        return "loop open" if not self.loop.is_closed() else "loop closed"


async def main():
    await asyncio.sleep(0)
    return Report(asyncio.get_event_loop())


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    try:
        report = loop.run_until_complete(main())
    except ValueError:
        print("bad input")
    else:
        print("report:", report.state())
    finally:
        loop.close()
