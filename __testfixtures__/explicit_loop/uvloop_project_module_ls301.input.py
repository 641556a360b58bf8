# A project module named uvloop (a stand-in beside the script, facts projectImports) is project code: its
# install() is no known install of uvloop's policy, and may change what get_event_loop() gives (probe
# round 7, W15). Names bound from it mean nothing known to any rule.
import asyncio

import uvloop


async def main():
    await asyncio.sleep(0)
    print("main ran")


if __name__ == "__main__":
    uvloop.install()
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
