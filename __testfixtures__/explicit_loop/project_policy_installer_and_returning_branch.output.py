"""P3b, project code: a function of another project module that does nothing but install a policy
choosing only the loop class (the driver's facts, policyInstallers) is that install written in place,
and code in a branch that returns before the loop is taken never runs before it."""
import asyncio
import sys

from app.config import install_policy
from app.server import serve_forever


async def work(n):
    await asyncio.sleep(0)
    return n * 2


def main(argv):
    if argv == ["serve"]:
        serve_forever()
        return 0
    install_policy()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        print(loop.run_until_complete(work(1)))
        print(loop.run_until_complete(work(2)))
    finally:
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
