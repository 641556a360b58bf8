# probe round 12, W3: the process sends itself SIGINT through a from-imported kill(). On 3.11+ asyncio.run()
# turns the signal into cancelling the main task at its next await, so code the old run never reached would
# run. Any kill(pid, sig) call counts, however it is spelled.
import asyncio
from os import getpid, kill
from signal import SIGINT


async def main():
    print("simulating Ctrl-C")
    kill(getpid(), SIGINT)
    total = sum(range(1000))
    await asyncio.sleep(0)
    print("total computed", total)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    loop.close()
