# Without the project model's facts (stdin, or a driver that does not send what other modules import),
# nothing shows that other modules leave _current() alone: not proven (docs/SEMANTICS.md P2a).
import asyncio


def _current():
    return asyncio.get_event_loop()


async def main():
    return _current()
