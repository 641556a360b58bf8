# loopshift-fixture: runnable
# A task still pending when its loop closes is destroyed with no loop running: GeneratorExit is thrown in at
# its await. A handler that catches it and completes (a bare except:, except BaseException), or a
# contextlib.suppress() of it, lets the coroutine go on after that statement, still with no loop: the rest
# of the coroutine and the loop around the statement are closing code (docs/SEMANTICS.md P1). So is a
# coroutine awaited from a finally: under another name (`close = aclose`). get_event_loop() there returns
# the closed loop, where get_running_loop() would raise and lose the line: those sites, and the private
# helper called after the handler (P2a), are kept. The others run only while the loop drives them.
import asyncio
import contextlib
import gc


def _closed():
    return asyncio.get_event_loop().is_closed()


async def beat():
    print("beat starts, running:", asyncio.get_event_loop().is_running())
    while True:
        try:
            await asyncio.sleep(10)
        except:  # noqa: E722
            break
    loop = asyncio.get_event_loop()
    print("beat stopped; loop closed:", loop.is_closed(), _closed())


async def poll():
    print("poll starts, running:", asyncio.get_event_loop().is_running())
    with contextlib.suppress(BaseException):
        await asyncio.sleep(10)
    print("poll done; loop closed:", asyncio.get_event_loop().is_closed())


async def reraise():
    try:
        await asyncio.sleep(0)
    except BaseException:
        print("not reached")
        raise
    with contextlib.suppress(ValueError):
        await asyncio.sleep(0)
    print("reraise goes on, running:", asyncio.get_event_loop().is_running())
    try:
        await asyncio.sleep(10)
    finally:
        print("reraise closed")


class Conn:
    async def aclose(self):
        print("conn closed; loop closed:", asyncio.get_event_loop().is_closed())

    close = aclose

    async def query(self):
        print("query, running:", asyncio.get_event_loop().is_running())


async def listen():
    conn = Conn()
    try:
        await conn.query()
        await asyncio.sleep(10)
    finally:
        await conn.close()


def report(loop, context):
    print("destroyed:", context["message"])


def run(coroutine_function):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.set_exception_handler(report)
    loop.create_task(coroutine_function())
    loop.run_until_complete(asyncio.sleep(0.01))
    loop.close()
    gc.collect()  # the pending task, in a reference cycle, is destroyed here
    print("after close")


if __name__ == "__main__":
    for coroutine_function in (beat, poll, reraise, listen):
        run(coroutine_function)
