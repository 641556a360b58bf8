# loopshift-fixture: runnable
import asyncio


async def work(n):
    await asyncio.sleep(0)
    return n


def main():
    # the script's loop
    with asyncio.Runner() as runner:  # made here
        # make it current
        # for libraries
        # run everything
        # first run
        print(runner.run(work(1)))  # one

        print(runner.run(work(2)))
        # end of runs
        # before finally
        # always
        # close it
        # closed
    print("after")  # trailing


if __name__ == "__main__":
    main()
