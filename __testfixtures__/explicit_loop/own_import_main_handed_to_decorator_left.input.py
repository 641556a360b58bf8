# main() handed to a project decorator is no entry function: the decorator decides when and how often
# it runs (docs/SEMANTICS.md P3a condition 5); explicit_loop leaves it.
import asyncio

from chatlib import retry


async def chat():
    await asyncio.sleep(0)


def main():
    loop = asyncio.get_event_loop()
    loop.run_until_complete(chat())


retry(main)()
