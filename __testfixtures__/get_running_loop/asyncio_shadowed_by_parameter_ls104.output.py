import asyncio
async def main(asyncio=asyncio):
    return asyncio.get_event_loop()
