"""Target 3.7: asyncio.run() forces debug=False there, which PYTHONASYNCIODEBUG/-X dev users would
notice, so nothing is rewritten; the RuntimeError diagnostics still apply."""
import asyncio


async def main():
    asyncio.run(main())


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    loop.run_until_complete(main())
    loop.close()
