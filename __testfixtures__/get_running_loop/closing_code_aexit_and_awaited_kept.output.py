# loopshift-fixture: runnable
# A task still pending when its loop closes is destroyed with no loop running: its coroutine is closed,
# and the __aexit__ of the `async with` it waits in runs then, as does every coroutine awaited from its
# finally: (docs/SEMANTICS.md P1, closing code). get_event_loop() there returns the closed loop, where
# get_running_loop() would raise and lose the rest of the cleanup: those sites, and the private helper
# only __aexit__ calls (P2a), are kept. The others run only while the loop drives them: rewritten.
import asyncio


def _closed():
    return asyncio.get_event_loop().is_closed()


class Conn:
    async def __aenter__(self):
        self.loop = asyncio.get_running_loop()
        return self

    async def __aexit__(self, *exc):
        loop = asyncio.get_event_loop()
        print("released; loop closed:", loop.is_closed(), _closed())


async def close_conn(name):
    loop = asyncio.get_event_loop()
    print("closed", name, "loop closed:", loop.is_closed())


async def listener():
    print("listening, loop running:", asyncio.get_running_loop().is_running())
    async with Conn() as conn:
        print("same loop:", conn.loop is asyncio.get_running_loop())
        try:
            await asyncio.sleep(10)
        finally:
            await close_conn("listener")


def report(loop, context):
    print("destroyed:", context["message"])


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.set_exception_handler(report)
    loop.create_task(listener())
    loop.run_until_complete(asyncio.sleep(0.01))
    loop.close()
    print("after close")
