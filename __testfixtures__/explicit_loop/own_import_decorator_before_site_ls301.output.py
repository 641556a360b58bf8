# A decorator of a project module applied before the site runs project code at import, before
# get_event_loop(): it may set the loop (docs/SEMANTICS.md P3f, "Import time").
import asyncio

from chatlib import register


@register
def on_message(text):
    print(text)


async def chat():
    await asyncio.sleep(0)


loop = asyncio.get_event_loop()
loop.run_until_complete(chat())
