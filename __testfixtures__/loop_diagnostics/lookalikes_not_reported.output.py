import asyncio


def get_event_loop():
    return "a local helper, not asyncio's"


class Service:
    def get_event_loop(self):
        return asyncio.new_event_loop()

    def use(self):
        return self.get_event_loop()


def helper():
    # These call the local helper and the method, never asyncio.get_event_loop.
    return get_event_loop(), Service().get_event_loop()


def own_loop():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    return asyncio.get_event_loop()  # the loop just set: nothing to check


getter = asyncio.get_event_loop  # a reference: get_running_loop's LS103, not ours


async def coroutine():
    # Inside async defs: get_running_loop's LS101-LS106, never reported twice.
    loop = asyncio.get_event_loop()

    def nested():
        return asyncio.get_event_loop()

    return loop, nested
