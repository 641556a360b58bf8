# loopshift-fixture: runnable
# get_running_loop imported inside helper() is not visible in main(): the module import must bring it.
import asyncio
from asyncio import get_running_loop


def helper():
    from asyncio import get_running_loop
    return get_running_loop()


async def main():
    loop = get_running_loop()
    print(loop is asyncio.get_running_loop())
    print(helper() is loop)


if __name__ == "__main__":
    asyncio.run(main())
