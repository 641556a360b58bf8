"""A policy loopshift cannot identify, installed anywhere in the file, may override get_event_loop()
(P9, P3e): get_event_loop() after set_event_loop(loop) is left alone and reported."""
import asyncio


class Policy(asyncio.DefaultEventLoopPolicy):
    def get_event_loop(self):
        return self.new_event_loop()


async def main():
    asyncio.set_event_loop_policy(Policy())


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    asyncio.get_event_loop().run_until_complete(main())
    loop.close()
