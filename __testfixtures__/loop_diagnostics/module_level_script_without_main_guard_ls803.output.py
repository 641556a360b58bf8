import asyncio


async def main():
    print("hello")


loop = asyncio.get_event_loop()
loop.run_until_complete(main())
loop.close()

shared = asyncio.get_event_loop()  # only run under the main guard: the plain import-time message

if __name__ == "__main__":
    shared.run_until_complete(main())
