"""P3b, project code, at its boundary: only the functions the facts list as policy installers count as the
install written in place; a branch that returns hides its code only when nothing around it can catch."""
import asyncio

from app.config import install_other, install_policy
from app.server import serve_forever


async def work():
    await asyncio.sleep(0)


def not_listed():
    install_other()
    loop = asyncio.get_event_loop()
    loop.run_until_complete(work())


def returning_inside_try(argv):
    try:
        if argv:
            serve_forever()
            return 0
    except RuntimeError:
        pass
    loop = asyncio.get_event_loop()
    loop.run_until_complete(work())


def branch_goes_on(argv):
    if argv:
        serve_forever()
    install_policy()
    loop = asyncio.get_event_loop()
    loop.run_until_complete(work())


def shadowed():
    install_policy = serve_forever
    install_policy()
    loop = asyncio.get_event_loop()
    loop.run_until_complete(work())


if __name__ == "__main__":
    not_listed()
    returning_inside_try([])
    branch_goes_on([])
    shadowed()
