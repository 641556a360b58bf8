# loopshift-fixture: runnable
from asyncio import *


async def main():
    loop = get_running_loop()
    print(loop is get_running_loop())


if __name__ == "__main__":
    run(main())
