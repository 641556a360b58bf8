# A class made by a project metaclass runs that metaclass when made, at import, before main() (docs/SEMANTICS.md P3f, "Import time").
import asyncio

import chatlib


class Handler(metaclass=chatlib.Registry):
    pass


async def chat():
    await asyncio.sleep(0)


def main():
    loop = asyncio.get_event_loop()
    loop.run_until_complete(chat())


main()
