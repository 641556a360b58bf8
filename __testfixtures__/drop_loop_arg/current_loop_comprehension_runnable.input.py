# loopshift-fixture: runnable
# P15 rule 8: a comprehension over a module-level list display, unpacked into gather(), runs no code
# between `loop = asyncio.get_event_loop()` and the call: the loop= argument is the current loop. (A filter
# or an unpacking target would call each item's __bool__ or __iter__: declined.)
import asyncio

ROWS = ["3,apple", "1,pear", "2,fig"]


async def transform(row, out):
    await asyncio.sleep(0)
    n, name = row.split(",")
    out.append((name, int(n) * 10))


def run():
    loop = asyncio.get_event_loop()
    out = []
    jobs = asyncio.gather(*[transform(r, out) for r in ROWS], loop=loop)
    loop.run_until_complete(jobs)
    print(sorted(out))


asyncio.set_event_loop(asyncio.new_event_loop())  # so that get_event_loop() returns it on every version
run()
asyncio.get_event_loop().close()
