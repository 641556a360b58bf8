# loopshift-fixture: runnable
"""A policy with behavioural overrides: loop_factory would bypass them, so it stays."""
import asyncio


class CountingPolicy(asyncio.DefaultEventLoopPolicy):
    created = 0

    def new_event_loop(self):
        CountingPolicy.created += 1
        return super().new_event_loop()


async def main():
    await asyncio.sleep(0)
    return "ok"


if __name__ == "__main__":
    asyncio.set_event_loop_policy(CountingPolicy())
    print(asyncio.run(main()))
    print("loops created by the policy:", CountingPolicy.created)
