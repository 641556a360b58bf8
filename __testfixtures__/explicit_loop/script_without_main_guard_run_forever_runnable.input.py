# loopshift-fixture: runnable
import asyncio


async def tick():
    print("tick")


loop = asyncio.get_event_loop()
loop.create_task(tick())
loop.call_later(0.01, loop.stop)
loop.run_forever()
loop.close()
print("closed:", loop.is_closed())
