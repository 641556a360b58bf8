# loopshift-fixture: runnable
# P15 rule 3 for start_server(): awaited in a coroutine with a host and a port (no sock=), it resolves
# them through a gather of the loop it is given and awaits it, which fails on 3.7-3.9 for any loop but
# the running one: in every run that worked, loop= was the running loop.
import asyncio


async def echo(reader, writer):
    line = await reader.readline()
    writer.write(b"echo " + line)
    await writer.drain()
    writer.close()


class Service:
    def __init__(self, loop):
        self._loop = loop

    async def start(self):
        self.server = await asyncio.start_server(echo, "127.0.0.1", 0, loop=self._loop)
        return self.server.sockets[0].getsockname()[1]


async def main(loop):
    service = Service(loop)
    port = await service.start()
    reader, writer = await asyncio.open_connection("127.0.0.1", port, loop=loop)
    writer.write(b"hi\n")
    print((await reader.readline()).decode().strip())
    writer.close()
    service.server.close()
    await service.server.wait_closed()
    second = await asyncio.wait_for(asyncio.start_server(echo, host="127.0.0.1", port=0, loop=loop), 5)
    print(len(second.sockets) > 0)
    second.close()
    await second.wait_closed()


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    loop.run_until_complete(main(loop))
    loop.close()
