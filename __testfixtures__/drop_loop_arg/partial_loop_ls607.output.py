# loopshift-fixture: runnable
import asyncio
import functools
from functools import partial


def make(loop):
    # The partials hand loop= on at each call: reported, left as written.
    nap = functools.partial(asyncio.sleep, 0, loop=loop)
    wait = partial(asyncio.wait_for, loop=loop)
    shown = partial(print, "shown", loop="not asyncio's")  # not an asyncio API: nothing to say
    return nap, wait, shown


if __name__ == "__main__":
    nap, wait, shown = make(None)
    print(nap.keywords, wait.keywords, shown.args)
