# loopshift-fixture: runnable
import asyncio


def get_event_loop():
    return "module helper, not asyncio"


class Service:
    def get_event_loop(self):
        return asyncio.get_running_loop()

    async def run(self):
        loop = self.get_event_loop()
        print(loop is asyncio.get_running_loop())
        print(get_event_loop())


async def main():
    print(get_event_loop())
    await Service().run()


if __name__ == "__main__":
    asyncio.run(main())
