# probe round 8, W12 (second case): str() after the run runs a __str__ bound in the class body, __str__ = _describe.
# loopshift-fixture: runnable
"""A special method bound by assignment counts like a def of it (after_run.py values_plain, src/loop-effects.ts
dunders): _describe reads the loop the coroutine stored, closed after asyncio.run(). Left to explicit_loop
(P3a condition 4)."""
import asyncio


class Reply:
    loop = None

    def _describe(self):
        return "reply (loop closed=%s)" % self.loop.is_closed()

    __str__ = _describe


async def main():
    reply = Reply()
    reply.loop = asyncio.get_running_loop()
    await asyncio.sleep(0)
    return reply


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    r = loop.run_until_complete(main())
    print(str(r))
