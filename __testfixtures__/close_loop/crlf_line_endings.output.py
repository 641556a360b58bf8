# loopshift-fixture: runnable
import asyncio
import gc


async def hello():
    return "hello"


def main():
    loop = asyncio.new_event_loop()
    try:
        print(loop.run_until_complete(hello()))
    finally:
        loop.close()


if __name__ == "__main__":
    main()
    gc.collect()
