"""Off the entry path (import-time code, a bridge other code calls, a coroutine, a thread): not this
transform's sites and not reported here (loop_diagnostics and get_running_loop own them)."""
import asyncio
import threading

LOOP = asyncio.get_event_loop()


async def main():
    return asyncio.get_event_loop()


def bridge():
    return asyncio.get_event_loop().run_until_complete(main())


def worker():
    asyncio.get_event_loop()


def handler():
    return bridge()


if __name__ == "__main__":
    threading.Thread(target=worker).start()
    handler()
