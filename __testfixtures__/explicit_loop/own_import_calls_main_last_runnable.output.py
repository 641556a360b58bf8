# loopshift-fixture: runnable
# A package's __main__.py without a main guard (docs/SEMANTICS.md P3f, "Import time"): its only module-level
# call is main(), the entry function, last; nothing of this file runs before get_event_loop() but main()'s call.
import asyncio


async def demo():
    await asyncio.sleep(0)
    return "answers"


def main():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(loop.run_until_complete(demo()))
    loop.close()


main()
