"""P12: `except KeyboardInterrupt` around the run: on 3.11+ asyncio.run() cancels main() first, and
if main() swallows the cancellation the handler never runs. Left alone (explicit_loop rewrites it)."""
import asyncio


async def main():
    await asyncio.sleep(3600)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    try:
        loop.run_until_complete(main())
    except KeyboardInterrupt:
        print("interrupted")
    finally:
        loop.close()
