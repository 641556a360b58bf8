import asyncio
from asyncio import get_event_loop, get_running_loop, sleep


def now():
    return get_running_loop().time()


def quiet():
    return get_event_loop()  # noqa: LS801


def kept():
    return asyncio.get_event_loop()  # loopshift: ignore[get_running_loop]


async def main():
    await sleep(0)
    return get_running_loop(), now(), quiet(), kept()
