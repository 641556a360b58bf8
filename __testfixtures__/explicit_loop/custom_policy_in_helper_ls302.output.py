"""A custom policy installed by a helper that the entry function calls first: reported."""
import asyncio


class Policy(asyncio.DefaultEventLoopPolicy):
    def get_event_loop(self):
        return super().get_event_loop()


def configure():
    asyncio.set_event_loop_policy(Policy())


async def main():
    return 1


def run():
    configure()
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())


if __name__ == "__main__":
    run()
