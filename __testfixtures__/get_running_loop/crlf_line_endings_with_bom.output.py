import asyncio


async def main():
    loop = asyncio.get_running_loop()  # CRLF and BOM must survive
    return loop
