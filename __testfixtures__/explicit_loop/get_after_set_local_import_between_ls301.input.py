# P3e: get_event_loop() right after set_event_loop(x) is x only if nothing between may set a loop. A call of
# this file's function whose body imports a project module runs that module's import-time code, which may
# set its own loop (probe round 7, W27).
import asyncio


def load_plugins():
    import plugins  # noqa: F401


async def main():
    await asyncio.sleep(0)
    print("main ran")


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    load_plugins()
    current = asyncio.get_event_loop()
    print("current is the plugin loop:", getattr(current, "tag", None) == "plugin loop")
    current.run_until_complete(main())
