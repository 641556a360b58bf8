import asyncio


async def main():
    loop = asyncio.get_event_loop()  # CRLF and BOM must survive
    return loop
