# This file mentions nest_asyncio only in comments and strings: "nest_asyncio.apply()".
import asyncio
from functools import partial


def apply(function):
    return function()


apply(partial(print, "nest_asyncio"))


async def main():
    return asyncio.get_running_loop()
