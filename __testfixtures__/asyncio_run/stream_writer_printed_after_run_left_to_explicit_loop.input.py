# probe round 10, W3: the run returns a StreamWriter and the code after it prints it. A transport's repr shows its
# read/write state only while its loop is open: asyncio.run() would have closed it ("read=idle write=<idle...>"
# lost). A file that makes transports or streams does not count the run's values as plain (after_run.values_plain).
# Left to explicit_loop, whose close() comes after the print.
import asyncio
import socket


async def main():
    a, b = socket.socketpair()
    reader, writer = await asyncio.open_connection(sock=a)
    return writer


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    writer = loop.run_until_complete(main())
    print(writer)
