import asyncio

import nest_asyncio

nest_asyncio.apply()


def run(coro):
    nest_asyncio.apply()  # once per file is enough
    return asyncio.run(coro)
