# probe round 13, E W1: between the loop made and set and its run, code reaches the same loop another way and
# configures it (an exception handler). asyncio.run() would run a fresh loop without it: left alone.
import asyncio


def handler(loop, context):
    print("custom handler:", context["message"])


async def main():
    asyncio.get_running_loop().call_exception_handler({"message": "probe"})


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    asyncio.get_event_loop().set_exception_handler(handler)
    loop.run_until_complete(main())
    loop.close()
