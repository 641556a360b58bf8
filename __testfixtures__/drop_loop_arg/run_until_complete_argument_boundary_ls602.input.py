import asyncio


def make_loop():
    return asyncio.new_event_loop()


def plain_functions_run_before_the_loop(loop, tasks, other):
    # gather() and shield() are not coroutine functions: they use their loop when called, before
    # run_until_complete() starts the loop.
    loop.run_until_complete(asyncio.gather(*tasks, loop=loop))
    loop.run_until_complete(asyncio.shield(tasks[0], loop=loop))


def another_loop_or_another_expression(loop, other, holder):
    loop.run_until_complete(asyncio.sleep(0, loop=other))
    holder.loop.run_until_complete(asyncio.sleep(0, loop=loop))
    loop.run_until_complete(asyncio.sleep(0, loop=holder.loop))
    make_loop().run_until_complete(asyncio.sleep(0, loop=make_loop()))


def not_the_one_argument(loop, tasks):
    loop.run_until_complete(future=asyncio.sleep(0, loop=loop))
    loop.run_until_complete(asyncio.ensure_future(asyncio.sleep(0, loop=loop)))
    loop.run_until_complete(asyncio.wait_for(asyncio.sleep(0, loop=loop), 1, loop=loop))
    return loop.call_soon(asyncio.sleep, 0)


def rebound_before_loop_is_read(loop, make):
    loop.run_until_complete(asyncio.wait([(loop := make())], loop=loop))


class Holder:
    def __init__(self):
        self._loop = None

    @property
    def loop(self):
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        return self._loop

    def pause(self):
        self.loop.run_until_complete(asyncio.sleep(0, loop=self.loop))
