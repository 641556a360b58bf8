# loopshift-fixture: runnable
# Private protocol classes made only by an asyncio loop that calls their factory (docs/SEMANTICS.md P2a rules 4
# and 7), and private helpers run through functools.partial callbacks: the loop calls each in its own coroutine,
# task or callback, so get_event_loop() there is the running loop. The class given bare, a lambda whose body is
# one call, a partial, `protocol_factory=`, a loop proven by a local name or by a call in place.
import asyncio
import functools
import os
import socket
from functools import partial

log = []


def _note(tag, *rest):
    log.append((tag, asyncio.get_running_loop() is asyncio.get_running_loop()))


class _Upper(asyncio.Protocol):
    def __init__(self, made=None):
        self._loop = asyncio.get_running_loop()
        self.closed = self._loop.create_future()
        if made is not None:
            made.append(self)
        log.append(("server side", self._loop is asyncio.get_running_loop()))

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        self.transport.write(data.upper())
        self.transport.close()

    def connection_lost(self, exc):
        self.closed.set_result(None)


class _Client(asyncio.Protocol):
    def __init__(self, reply, loop=None):
        self._loop = loop or asyncio.get_running_loop()
        self.reply = reply
        log.append(("client", self._loop is asyncio.get_running_loop()))

    def connection_made(self, transport):
        transport.write(b"ping")

    def data_received(self, data):
        self.reply.set_result(data)


class _Pipe(asyncio.Protocol):
    def __init__(self, tag, done):
        self._loop = asyncio.get_running_loop()
        self.tag, self.done, self.chunks = tag, done, []
        log.append((tag, self._loop is asyncio.get_running_loop()))

    def data_received(self, data):
        self.chunks.append(data)

    def connection_lost(self, exc):
        self.done.set_result(b"".join(self.chunks))


async def _over_tcp():
    loop = asyncio.get_running_loop()
    made = []
    server = await loop.create_server(functools.partial(_Upper, made), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reply = loop.create_future()
    transport, _ = await loop.create_connection(lambda: _Client(reply, loop=loop), "127.0.0.1", port)
    print("tcp", await reply)
    transport.close()
    await made[0].closed
    server.close()
    await server.wait_closed()


async def _over_a_socket_pair():
    loop = asyncio.get_running_loop()
    near, far = socket.socketpair()
    _, upper = await asyncio.get_running_loop().connect_accepted_socket(_Upper, far)
    reply = loop.create_future()
    transport, _ = await loop.create_connection(protocol_factory=lambda: _Client(reply), sock=near)
    print("pair", await reply)
    transport.close()
    await upper.closed


async def _over_a_pipe():
    loop = asyncio.get_running_loop()
    read, write = os.pipe()
    done = loop.create_future()
    transport, _ = await loop.connect_read_pipe(functools.partial(_Pipe, "pipe", done), os.fdopen(read, "rb", 0))
    os.write(write, b"through a pipe")
    os.close(write)
    print("pipe", await done)
    transport.close()


async def main():
    loop = asyncio.get_running_loop()
    await _over_tcp()
    await _over_a_socket_pair()
    await _over_a_pipe()
    loop.call_soon(functools.partial(_note, "call_soon partial"))
    loop.call_later(0, partial(_note, "call_later partial"))
    task = asyncio.ensure_future(asyncio.sleep(0, "done"))
    task.add_done_callback(partial(_note, "done callback partial"))
    await task
    await asyncio.sleep(0.01)
    for entry in log:
        print(*entry)


if __name__ == "__main__":
    asyncio.run(main())
