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
    with asyncio.Runner() as runner:
        conn = runner.run(connect())
        for q in ("a", "bb"):
            print(q, runner.run(query(conn, q)))
        log.append("sync work")
    print(log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
