# probe round 14, H p44, p09: the coroutine the loop runs keeps its running loop in module state, and the caller
# uses it after the function returns. An added close() would leave it closed there: LS505.
import asyncio

SEEN = []


async def remember():
    SEEN.append(asyncio.get_running_loop())


def work():
    loop = asyncio.new_event_loop()
    loop.run_until_complete(remember())


work()
print("closed:", SEEN[0].is_closed())
