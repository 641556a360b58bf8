# A default value is evaluated when the def runs, at import, before get_event_loop(): a subscript of a project
# object runs its __getitem__ (docs/SEMANTICS.md P3f).
import asyncio

import chatlib


def send(text, client=chatlib.CLIENTS["main"]):
    client.send(text)


async def chat():
    await asyncio.sleep(0)


loop = asyncio.get_event_loop()
loop.run_until_complete(chat())
