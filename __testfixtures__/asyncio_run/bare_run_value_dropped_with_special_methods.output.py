# loopshift-fixture: runnable
"""The run's own line drops its value unread: this file's __repr__ (which makes printed names count as not
plain data after the run, P3a condition 4) cannot run on it, so the bare run is rewritten."""
import asyncio


class Reply:
    def __init__(self, text):
        self.text = text

    def __repr__(self):
        return "Reply(%r)" % self.text


async def main():
    await asyncio.sleep(0)
    print("got", Reply("hello"))
    return Reply("dropped")


if __name__ == "__main__":
    asyncio.run(main())
    print("done")
