# probe round 13, E W5: a task factory sees every task the loop makes, asyncio.run()'s own shutdown tasks too
# (shutdown_asyncgens, shutdown_default_executor), and Runner.run() calls it with context=. A file that installs
# one keeps its run (explicit_loop).
import asyncio


def factory(loop, coro):
    print("task for", coro.__qualname__)
    return asyncio.Task(coro, loop=loop)


async def main():
    asyncio.get_running_loop().set_task_factory(factory)
    await asyncio.sleep(0)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    loop.close()
