# main() called twice is no entry function: its get_event_loop() returns the first call's loop the
# second time (docs/SEMANTICS.md P3b); explicit_loop leaves it (loop_diagnostics reports it).
import asyncio


async def chat():
    await asyncio.sleep(0)


def main():
    loop = asyncio.get_event_loop()
    loop.run_until_complete(chat())


main()
main()
