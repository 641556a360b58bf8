# loopshift-fixture: runnable
"""set_event_loop_policy(WindowsSelectorEventLoopPolicy()) only picks the loop class; it keeps the
default get_event_loop(), so rewrite B stays exact."""
import asyncio
import sys


async def main():
    return "policy kept"


if __name__ == "__main__":
    if sys.platform == "win32":
        asyncio.set_event_loop_policy(asyncio.WindowsSelectorEventLoopPolicy())
    loop = asyncio.get_event_loop()
    loop.set_debug(False)
    print(loop.run_until_complete(main()))
    loop.close()
