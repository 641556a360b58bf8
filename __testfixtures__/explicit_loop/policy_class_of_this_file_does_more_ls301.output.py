"""A policy class of this file that does more than choose the loop class (here it also counts the
get_event_loop() calls) still blocks the rewrite: the explicit loop would skip its get_event_loop()
(P3b). So does one whose `_loop_factory` is set through the class elsewhere in the file."""
import asyncio


class CountingPolicy(asyncio.DefaultEventLoopPolicy):
    _loop_factory = asyncio.SelectorEventLoop
    gets = 0

    def get_event_loop(self):
        CountingPolicy.gets += 1
        return super().get_event_loop()


async def job():
    return 1


if __name__ == "__main__":
    asyncio.set_event_loop_policy(CountingPolicy())
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(job()), "gets", CountingPolicy.gets)
    loop.close()
