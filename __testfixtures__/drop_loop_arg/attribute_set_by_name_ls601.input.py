import asyncio


class Named:
    async def start(self):
        self.io_loop = asyncio.get_running_loop()
        return asyncio.Event(loop=self.io_loop)

    def configure(self, **options):
        for key, value in options.items():
            setattr(self, key, value)
