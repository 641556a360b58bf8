# probe round 12, B p09: between `loop = get_event_loop()` and gather(loop=loop), a dict display hashes a key
# whose __hash__ runs asyncio.run(), which leaves no current loop. Rule 8 declines in a file with special
# methods when code comes between: loop= stays (LS602).
import asyncio


class Endpoint:
    def __hash__(self):
        asyncio.run(asyncio.sleep(0))
        return 1


async def check(name):
    return name + " ok"


def probe(endpoint):
    loop = asyncio.get_event_loop()
    health = {endpoint: "unknown"}
    done = asyncio.gather(check("db"), loop=loop)
    return health, loop.run_until_complete(done)
