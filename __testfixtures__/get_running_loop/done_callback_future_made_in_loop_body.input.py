# probe round 15, B p22 (P2a rule 6): the future is made by ensure_future() earlier in the same loop body that adds
# the done callback, so the callback is an asyncio future's, run by its loop: rewritten.
# loopshift-fixture: runnable
import asyncio

stamps = []


def _stamp(task):
    stamps.append((task.result(), asyncio.get_event_loop().is_running()))


async def work(n):
    await asyncio.sleep(0)
    return n


async def main():
    tasks = []
    for n in range(3):
        t = asyncio.ensure_future(work(n))
        t.add_done_callback(_stamp)
        tasks.append(t)
    await asyncio.gather(*tasks)
    await asyncio.sleep(0)
    return stamps


if __name__ == "__main__":
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    print(loop.run_until_complete(main()))
    loop.close()
