"""Module-level loops: only `loop` gets the LS803 proposal (docs/SEMANTICS.md P4); every other one is read,
bound, exported or written where get_running_loop() would not be the loop it was."""
import asyncio

loop = asyncio.get_event_loop()
read_by_sync_code = asyncio.get_event_loop()
read_in_a_lambda = asyncio.get_event_loop()
read_at_import = asyncio.get_event_loop()
bound_again = asyncio.get_event_loop()
exported = asyncio.get_event_loop()
commented = asyncio.get_event_loop()  # a comment on the line would be lost
if True:
    in_a_block = asyncio.get_event_loop()
__all__ = ["exported", "tick"]
print(read_at_import.is_closed())


class Holder:
    held = asyncio.get_event_loop()


async def tick():
    return loop.time() + exported.time() + commented.time() + in_a_block.time()


def now():
    return read_by_sync_code.time()


async def later():
    return (lambda: read_in_a_lambda.time())()


async def rebinds():
    bound_again = None
    return bound_again
