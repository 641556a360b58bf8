# loopshift-fixture: runnable
# A coroutine reads `loop` from the function or module that binds it once and runs the coroutine with
# loop.run_until_complete(f()), directly, as test suites and scripts do: that scope is blocked in the
# call while the coroutine runs and cannot rebind it, so loop=loop is the loop running the coroutine.
import asyncio


def test_queue_getter():
    loop = asyncio.new_event_loop()

    async def add_getter():
        queue = asyncio.Queue(loop=loop)
        getter = loop.create_task(queue.get())
        await asyncio.sleep(0.01)
        queue.put_nowait("got")
        return await getter

    print(loop.run_until_complete(add_getter()))
    loop.close()


def test_condition(loop):
    async def notify():
        condition = asyncio.Condition(loop=loop)

        async def wait():
            async with condition:
                await condition.wait()
                return "woken"

        waiter = loop.create_task(wait())
        await asyncio.sleep(0.01)
        async with condition:
            condition.notify_all()
        return await waiter

    return loop.run_until_complete(notify())


async def _main():
    lock = asyncio.Lock(loop=loop)
    async with lock:
        return "main", test_condition.__name__


if __name__ == "__main__":
    test_queue_getter()
    other = asyncio.new_event_loop()
    print("condition", test_condition(other))
    other.close()
    loop = asyncio.new_event_loop()
    print(loop.run_until_complete(_main()))
    loop.close()
