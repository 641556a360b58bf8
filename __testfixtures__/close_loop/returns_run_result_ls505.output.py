import asyncio


async def open_stream():
    return await asyncio.open_connection("example.com", 80)


def connect():
    # the result may be bound to the loop (a StreamWriter): closing the loop would break writer.close()
    loop = asyncio.new_event_loop()
    reader, writer = loop.run_until_complete(open_stream())
    return reader, writer
