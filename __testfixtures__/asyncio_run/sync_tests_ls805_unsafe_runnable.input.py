# loopshift-fixture: runnable
"""pytest-style sync tests, each running one coroutine on the implicit loop (run here in file order)."""
import asyncio
from asyncio import get_event_loop

ROUNDS = 3


async def produce_and_consume(count):
    queue = asyncio.Queue()  # made inside the run: bound to the loop running it, on every version
    for item in range(count):
        await queue.put(item)
    return [await queue.get() for _ in range(count)]


async def fail(message):
    await asyncio.sleep(0)
    raise ValueError(message)


async def running_loop_is_current():
    return asyncio.get_running_loop() is asyncio.get_event_loop()


def test_queue():
    assert asyncio.get_event_loop().run_until_complete(produce_and_consume(ROUNDS)) == [0, 1, 2]


def test_variable_form():
    loop = get_event_loop()
    items = loop.run_until_complete(produce_and_consume(2))
    print("items", items)


def test_failure_propagates():
    try:
        asyncio.get_event_loop().run_until_complete(fail("boom"))
    except ValueError as error:
        print("raised", error)


class TestLoops:
    """A plain pytest class: a new instance per test, nothing kept between them."""

    def test_running_loop_is_current(self):
        assert asyncio.get_event_loop().run_until_complete(running_loop_is_current())


if __name__ == "__main__":
    for name, value in list(globals().items()):
        if name.startswith("test_"):
            value()
            print(name, "passed")
        elif name.startswith("Test"):
            for attribute in sorted(vars(value)):
                if attribute.startswith("test_"):
                    getattr(value(), attribute)()
                    print(name + "." + attribute, "passed")
