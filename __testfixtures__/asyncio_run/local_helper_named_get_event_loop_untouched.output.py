"""A local get_event_loop() (not asyncio's) is never rewritten, nor is an object's own
run_until_complete method on something that is not a loop from asyncio."""
import asyncio


class Runner:
    def run_until_complete(self, coro):
        coro.close()
        return "custom"


def get_event_loop():
    return Runner()


async def main():
    return 1


if __name__ == "__main__":
    loop = get_event_loop()
    print(loop.run_until_complete(main()))
