# loopshift-fixture: runnable
import asyncio
import os
import tempfile


async def echo(reader, writer):
    data = await reader.readline()
    writer.write(b"echo " + data)
    await writer.drain()
    writer.close()


async def main():
    loop = asyncio.get_running_loop()
    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.streams.open_connection("127.0.0.1", port)
    writer.write(b"tcp\n")
    print((await reader.readline()).decode().strip())
    writer.close()
    server.close()
    await server.wait_closed()

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "s")
        unix = await asyncio.start_unix_server(echo, path)
        reader, writer = await asyncio.open_unix_connection(path)
        writer.write(b"unix\n")
        print((await reader.readline()).decode().strip())
        writer.close()
        unix.close()
        await unix.wait_closed()
    print("closed")


asyncio.run(main())
