"""prepare() schedules a task (a reader) and then sets a loop of its own (a writer): the get_event_loop()
below returns prepare's loop, not the one the task is bound to. A loop made first would be replaced
anyway. LS301 stays without an unsafe fix."""
import asyncio


async def main():
    return 1


def prepare():
    task = asyncio.ensure_future(main())
    asyncio.set_event_loop(asyncio.new_event_loop())
    return task


if __name__ == "__main__":
    task = prepare()
    loop = asyncio.get_event_loop()
    print(loop.run_until_complete(main()))
