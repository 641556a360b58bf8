# A done callback is scheduled with call_soon when its future completes. The second link of this chain is
# scheduled after run_until_complete() has asked the loop to stop, so it never ran; asyncio.run() steps the loop
# again while shutting down and would run it ("second callback" printed) (P3a condition 7; probe round 9, B4).
# Left to explicit_loop.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    first = loop.create_future()
    second = loop.create_future()
    first.add_done_callback(lambda f: second.set_result(2))
    second.add_done_callback(lambda f: print("second callback"))
    first.set_result(1)
    print("main done")


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    print("after")
