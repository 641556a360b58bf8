import asyncio


async def work():
    return 1


def main():
    # a private loop
    loop = asyncio.new_event_loop()  # never closed before

    # first the work
    value = loop.run_until_complete(work())  # run it
    print(value)
    # trailing comment of the body


main()
