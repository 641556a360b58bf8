# P3e: a function of this file that imports a module by importlib.import_module() (or __import__) runs that
# module's import-time code, which may set its own loop (probe round 7b, W10, W11).
import asyncio
import importlib


def load_plugins():
    importlib.import_module("plugins")


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
