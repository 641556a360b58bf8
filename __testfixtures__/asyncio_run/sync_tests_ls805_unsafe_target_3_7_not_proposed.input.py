"""At target 3.7 asyncio.run() forces debug mode off (docs/SEMANTICS.md R3): no LS805 proposal."""
import asyncio


async def answer():
    await asyncio.sleep(0)
    return 42


def test_answer():
    assert asyncio.get_event_loop().run_until_complete(answer()) == 42
