# loopshift-fixture: runnable
"""A policy class of this file whose body only sets `_loop_factory` on asyncio's default policy does not
block the rewrite, and the loop keeps its class: get_event_loop() made it with
`self.set_event_loop(self.new_event_loop())`, and asyncio.new_event_loop()/set_event_loop() call the same
methods of the installed policy (P3b). The loop class itself may do anything: it runs when the loop is
made, in both forms."""
import asyncio


class TracingLoop(asyncio.SelectorEventLoop):
    scheduled = 0

    def call_soon(self, callback, *args, **kwargs):
        TracingLoop.scheduled += 1
        return super().call_soon(callback, *args, **kwargs)


class TracingPolicy(asyncio.DefaultEventLoopPolicy):
    """Only the loop class differs."""

    _loop_factory = TracingLoop


async def job():
    await asyncio.sleep(0)
    return type(asyncio.get_running_loop()).__name__


if __name__ == "__main__":
    asyncio.set_event_loop_policy(TracingPolicy())
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(type(loop).__name__)
    print(loop.run_until_complete(job()))
    print("traced", TracingLoop.scheduled > 0)
    loop.close()
