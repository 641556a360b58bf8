# loopshift-fixture: runnable
import asyncio
import sys

log = []


async def connect():
    log.append("connect")
    await asyncio.sleep(0)
    return "conn"


async def query(conn, q):
    await asyncio.sleep(0)
    log.append("query " + q)
    return len(q)


def main():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        conn = loop.run_until_complete(connect())
        for q in ("a", "bb"):
            print(q, loop.run_until_complete(query(conn, q)))
        log.append("sync work")
    finally:
        loop.close()
    print(log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
