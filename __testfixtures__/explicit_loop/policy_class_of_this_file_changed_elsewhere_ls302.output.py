"""A policy class of this file shaped like a loop-class choice, but reached through its name elsewhere in
the file (`Policy.get_event_loop = ...` could replace what get_event_loop() does), still blocks the
rewrite (P3b)."""
import asyncio


class Policy(asyncio.DefaultEventLoopPolicy):
    _loop_factory = asyncio.SelectorEventLoop


def counted(self):
    return asyncio.DefaultEventLoopPolicy.get_event_loop(self)


Policy.get_event_loop = counted


async def job():
    return 1


if __name__ == "__main__":
    asyncio.set_event_loop_policy(Policy())
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(job()))
    loop.close()
