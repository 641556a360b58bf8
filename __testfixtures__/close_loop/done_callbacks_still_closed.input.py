# loopshift-fixture: runnable
# Done callbacks are plain callbacks: close() drops what is still scheduled, which runs no code, as the old code's
# end did (P11). A gather whose children cannot outlive it (return_exceptions=True) is awaited to the end. Closed.
import asyncio


async def slow():
    try:
        await asyncio.sleep(1)
    finally:
        print("slow cleanup")


async def boom():
    raise ValueError("boom")


async def main():
    loop = asyncio.get_running_loop()
    first = loop.create_future()
    second = loop.create_future()
    first.add_done_callback(lambda f: second.set_result(2))
    second.add_done_callback(lambda f: print("second callback"))
    first.set_result(1)
    print(await asyncio.gather(asyncio.sleep(0), boom(), return_exceptions=True))
    print("main done")


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(main())
    print("after")
