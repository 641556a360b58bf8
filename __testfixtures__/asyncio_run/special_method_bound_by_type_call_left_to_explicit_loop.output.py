# probe round 8, W12: repr() after the run runs a __repr__ bound without a def, type("Reply", (), {"__repr__": f}).
# loopshift-fixture: runnable
"""A special method named in a string (a class made by type()) counts like a def of it (after_run.py
values_plain, src/loop-effects.ts dunders): _show reads the loop the coroutine stored, closed after
asyncio.run(). Left to explicit_loop (P3a condition 4)."""
import asyncio


def _show(self):
    return "<Reply loop closed=%s>" % self.loop.is_closed()


Reply = type("Reply", (), {"__repr__": _show})


async def main():
    reply = Reply()
    reply.loop = asyncio.get_running_loop()
    await asyncio.sleep(0)
    return reply


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    r = loop.run_until_complete(main())
    print(repr(r))
