# loopshift-fixture: runnable
# probe round 10, p55: a class-body annotation names asyncio.StreamWriter; evaluating it reads an attribute and
# makes nothing, so it is no activity before the entry point (entry_path._in_annotation). Rewritten.
import asyncio
from dataclasses import dataclass


@dataclass
class Result:
    total: int
    writer: asyncio.StreamWriter = None


async def compute():
    await asyncio.sleep(0)
    return Result(6)


if __name__ == "__main__":
    loop = asyncio.get_event_loop()
    res = loop.run_until_complete(compute())
    print("total", 6)
    loop.close()
