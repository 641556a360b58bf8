# loopshift-fixture: runnable
import asyncio


async def work(n):
    await asyncio.sleep(0)
    return n


def main():
    # the script's loop
    loop = asyncio.new_event_loop()  # made here
    # make it current
    asyncio.set_event_loop(loop)  # for libraries
    try:  # run everything
        # first run
        print(loop.run_until_complete(work(1)))  # one

        print(loop.run_until_complete(work(2)))
        # end of runs
    # before finally
    finally:  # always
        # close it
        loop.close()  # closed
    print("after")  # trailing


if __name__ == "__main__":
    main()
