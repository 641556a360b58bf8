# probe round 12, B p24: a gather of several children raises the first failure and drops the others'. A child
# given another loop fails there too, but unseen when a sibling fails first: the run that "worked" proves
# nothing about loop=. Only a gather's one child counts as awaited through it; loop= stays (LS601).
import asyncio


class Mirror:
    def __init__(self, loop=None):
        self._loop = loop or asyncio.get_event_loop()

    async def primary(self):
        raise ValueError("primary down")

    async def refresh(self):
        await asyncio.gather(self.primary(), asyncio.wait_for(asyncio.sleep(0, loop=self._loop), 1))
