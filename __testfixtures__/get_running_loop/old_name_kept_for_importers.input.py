# probe round 12, B p19: another module of the project imports get_event_loop from this one. The coroutine
# gets get_running_loop(), and the old name stays imported for that module.
from asyncio import get_event_loop


async def now():
    return get_event_loop().time()
