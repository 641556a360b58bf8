import asyncio

from uvloop import install


async def main():
    await asyncio.sleep(0)


if __name__ == "__main__":
    install()
    asyncio.run(main())
