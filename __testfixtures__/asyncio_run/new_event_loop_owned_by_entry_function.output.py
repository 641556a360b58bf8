# loopshift-fixture: runnable
"""new_event_loop() + set_event_loop() + try/finally close in the entry function (P11): nothing
after it on the entry path reads the current loop, so leaving None instead of the closed loop set
cannot be observed."""
import asyncio


async def main():
    await asyncio.sleep(0)
    print("loop running:", asyncio.get_running_loop().is_running())
    return 7


def entry():
    return asyncio.run(main())


if __name__ == "__main__":
    print("result", entry())
