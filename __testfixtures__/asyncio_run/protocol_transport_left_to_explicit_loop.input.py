# probe round 10, m2: a transport with the program's own protocol: data_received() closes it, and connection_lost()
# is scheduled as the run ends. run_until_complete() had stopped; asyncio.run() steps the loop again while shutting
# down and would run it ("connection lost" printed). Loop methods taking a protocol factory count as work left
# pending (P3a condition 7). Left to explicit_loop.
import asyncio
import socket


class P(asyncio.Protocol):
    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.close()

    def connection_lost(self, exc):
        print("connection lost")


async def main():
    a, b = socket.socketpair()
    await asyncio.get_event_loop().create_connection(P, sock=a)
    b.sendall(b"x")


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
