import asyncio

import uvloop


async def main():
    await asyncio.sleep(0)


if __name__ == "__main__":
    uvloop.install()  # keep: benchmarks depend on it
    asyncio.run(main())
