# probe round 13, E W3: a decorator of this file calls the function it decorates when the module loads, and that
# function sets a configured loop as current. get_event_loop() then returns it; a new loop would lose its
# exception handler. A decorated function's code may run at any moment: LS301.
import asyncio


def run_now(fn):
    fn()
    return fn


def handle_error(loop, context):
    print("app error handler:", context["message"])


@run_now
def configure_loop():
    loop = asyncio.new_event_loop()
    loop.set_exception_handler(handle_error)
    asyncio.set_event_loop(loop)


async def main():
    asyncio.get_running_loop().call_exception_handler({"message": "probe"})


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    loop.close()
