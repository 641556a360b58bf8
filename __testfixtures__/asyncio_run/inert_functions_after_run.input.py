# loopshift-fixture: runnable
"""Code after the run calls functions of this file whose bodies are inert (prints of plain values, a format, a
return): they cannot reach an object bound to the loop, so asyncio.run() is safe although it closes the loop the
old code left open (P3a condition 4; after_run.py, _inert_function)."""
import asyncio

RESULTS = []


def summary(count):
    return "%d results" % count


def report(count, label="done:"):
    """Print the outcome."""
    text = summary(count)
    print(label, text)


async def main():
    await asyncio.sleep(0)
    RESULTS.append(1)
    return len(RESULTS)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    count = loop.run_until_complete(main())
    report(count)
