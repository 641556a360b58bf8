# The same code in a module that the project imports (no scriptOnly fact): it runs on import too,
# so it is left to loop_diagnostics (LS803).
import asyncio


async def main():
    await asyncio.sleep(0)
    print("ran in a fresh loop:", asyncio.get_running_loop().is_running())


loop = asyncio.get_event_loop()
loop.run_until_complete(main())
loop.close()
