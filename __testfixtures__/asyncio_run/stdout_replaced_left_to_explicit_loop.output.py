# print() writes to sys.stdout, which this program replaced with an object of its own that reads the loop:
# print() after the run is no inert call here (P3a condition 4; probe round 7b, W08). Left to explicit_loop.
import asyncio
import sys


class Shipper:
    """stdout that also ships each line through the event loop of the running service."""

    def __init__(self, stream):
        self.stream = stream
        self.loop = None

    def write(self, text):
        if self.loop is not None and text.strip():
            self.stream.write("[loop %s] " % ("closed" if self.loop.is_closed() else "open"))
        self.stream.write(text)
        return len(text)

    def flush(self):
        self.stream.flush()


async def main():
    sys.stdout.loop = asyncio.get_event_loop()
    print("working")
    await asyncio.sleep(0)


sys.stdout = Shipper(sys.stdout)

if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    print("finished")
