# loopshift-fixture: runnable
# The asyncio documentation's server pattern of 2018-2020: the first chained get_event_loop() becomes an explicit
# loop (P3b), and the second, after the run that started the server, is that loop (P3e): the run executes only
# this file's coroutines and the standard library's, and none of them sets another loop.
import asyncio


async def handle(reader, writer):
    line = await reader.readline()
    writer.write(line.upper())
    await writer.drain()
    writer.close()


async def client(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"hello\n")
    print("echoed:", (await reader.readline()).decode().strip())
    writer.close()


server = asyncio.get_event_loop().run_until_complete(asyncio.start_server(handle, "127.0.0.1", 0))
port = server.sockets[0].getsockname()[1]
asyncio.get_event_loop().run_until_complete(client(port))
server.close()
asyncio.get_event_loop().run_until_complete(server.wait_closed())
print("done")
