import asyncio


async def main():
    policy_loop = asyncio.get_event_loop_policy().get_event_loop()
    loop = asyncio.get_event_loop()
    return policy_loop is loop
