import asyncio


class Client:
    def __init__(self, loop):
        self.loop = loop  # passed in by the owner: nothing captured here
        self.own = asyncio.new_event_loop()

    async def connect(self):
        self.running = asyncio.get_running_loop()

    @staticmethod
    def build(config):
        config.loop = asyncio.get_event_loop()  # not self: LS801
        return config


def start(handler, loop=True):
    loop = asyncio.get_event_loop()  # the parameter's default is not None: LS801
    return handler(loop)
