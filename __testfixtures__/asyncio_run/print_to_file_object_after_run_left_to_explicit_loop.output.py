# probe round 8, W05: the code after the run prints to a stream object of this file, print(..., file=out).
# loopshift-fixture: runnable
"""print() calls out.write(), here a method of this file reading the loop the coroutine stored: closed after
asyncio.run(). print() is inert only with no file= or file=sys.stdout/sys.stderr (after_run.py, _plain).
Left to explicit_loop (P3a condition 4); asyncio_run/plain_values_after_run_still_rewritten shows
print(..., file=sys.stdout) still rewritten."""
import asyncio


class LoopLog:
    """Stamps each line with the loop state."""

    loop = None

    def write(self, text):
        if text.strip():
            print("[%s] %s" % ("closed" if self.loop.is_closed() else "open", text.strip()))


out = LoopLog()


async def main():
    out.loop = asyncio.get_running_loop()
    await asyncio.sleep(0)
    return 42


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    result = loop.run_until_complete(main())
    print("result", result, file=out)
