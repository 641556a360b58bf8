# probe round 11, m6: the coroutine keeps its StreamWriter in module state and the caller closes it after run()
# returns. writer.close() schedules on the loop: an added close() at the end of run() would make it raise
# "Event loop is closed". A file that makes transports or streams keeps close_loop away (LS505).
import asyncio
import socket

WRITERS = []


async def session(sock):
    _, writer = await asyncio.open_connection(sock=sock)
    WRITERS.append(writer)


def run(sock):
    loop = asyncio.new_event_loop()
    loop.run_until_complete(session(sock))


if __name__ == "__main__":
    a, b = socket.socketpair()
    run(a)
    for w in WRITERS:
        w.close()
    print("closed")
