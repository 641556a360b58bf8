# loopshift-fixture: runnable
# With loop=X another loop than the running one, these awaited calls still work on 3.7-3.9: on
# these paths the API never uses X (sleep with a delay <= 0, gather with nothing to gather, wait_for
# without a timeout, shield of a finished future). Without loop= they give the same results.
import asyncio


async def answer():
    return 42


async def main():
    other = asyncio.new_event_loop()
    finished = other.create_future()
    finished.set_result("finished")
    try:
        print("sleep 0", await asyncio.sleep(0, result="zero"))
        print("sleep -1", await asyncio.sleep(-1, result="negative"))
        print("gather()", await asyncio.gather())
        print("gather(*[])", await asyncio.gather(*[]))
        print("wait_for without timeout", await asyncio.wait_for(answer(), None))
        print("shield of a finished future", await asyncio.shield(finished))
    finally:
        other.close()


asyncio.run(main())
