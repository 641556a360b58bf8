# loopshift-fixture: runnable
import asyncio


def current_loop():
    return asyncio.get_event_loop()


def schedule(callback):
    loop = asyncio.get_event_loop()
    return loop.call_soon(callback)


class Clock:
    def now(self):
        return asyncio.get_event_loop().time() >= 0


async def main():
    running = asyncio.get_running_loop()
    print("helper:", current_loop() is running)
    done = running.create_future()
    schedule(lambda: done.set_result(current_loop() is running))
    print("callback:", await done)
    print("method:", Clock().now())


if __name__ == "__main__":
    asyncio.run(main())
