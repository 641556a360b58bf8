# loopshift-fixture: runnable
# P15 rule 3 through a wrapper: the coroutine given to an awaited asyncio.wait_for() (its first
# argument) or asyncio.gather() (its one positional argument, no return_exceptions) runs in a task of the
# running loop, and its failure reaches the awaiting coroutine: on 3.7-3.9 a loop= other than the
# running loop fails there, so in every run that worked it was the running loop. Public parameters
# and attributes set in __init__ qualify, as they do when awaited directly.
import asyncio


class Client:
    def __init__(self, loop=None):
        self._loop = loop or asyncio.get_event_loop()

    async def fetch(self, n):
        return await asyncio.wait_for(asyncio.sleep(0.01, result=n, loop=self._loop), 1)

    async def fetch_all(self, *ns):
        first = await asyncio.gather(asyncio.sleep(0, result=ns[0], loop=self._loop), return_exceptions=False)
        return first + await asyncio.gather(
            asyncio.wait_for(asyncio.sleep(0.01, result=ns[1], loop=self._loop), timeout=1))


async def timed(loop, n):
    try:
        return await asyncio.wait_for(asyncio.wait_for(asyncio.sleep(5, loop=loop), 0.01), 1)
    except asyncio.TimeoutError:
        return "timed out %d" % n


async def main(loop):
    client = Client(loop)
    print(await client.fetch(1))
    print(await client.fetch_all(2, 3))
    print(await timed(loop, 4))


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    loop.run_until_complete(main(loop))
    loop.close()
