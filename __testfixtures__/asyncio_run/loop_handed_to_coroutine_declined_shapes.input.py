"""docs/SEMANTICS.md P3d, one condition failing per bridge (each a sync function owning its loop, which
asyncio_run rewrites when every P3a condition holds, docs/SEMANTICS.md P3a condition 5). Only the first
one is rewritten; the others are left to explicit_loop. The coroutines do not read their parameter, so
only the conditions on the coroutine function and its calls are at stake."""
import asyncio

__all__ = ["_exported"]
DEFAULT = None


def decorator(function):
    return function


def make_type():
    return object


async def _rewritten(loop, n):
    return n


@decorator
async def _decorated(loop):
    return 1


async def _called_twice(loop):
    return 2


async def _read_elsewhere(loop):
    return 3


async def _reassigned(loop):
    loop = loop or asyncio.get_running_loop()
    return 4


async def _rebound_by_a_closure(running):
    def reset():
        nonlocal running
        running = None
    reset()
    return 5


async def _default_not_none(loop=DEFAULT):
    return 6


async def _keyword_only(*, loop):
    return 7


async def _star_args(*args):
    return 8


async def _star_kwargs(**kwargs):
    return 9


async def _annotated_by_a_call(loop: make_type()):
    return 10


async def _positional_only(loop, /):
    return 11


async def _commented(
    loop,  # the loop to run on
):
    return 12


async def _exported(loop):
    return 13


async def _named_in_a_string(loop):
    return 14


async def _passed_twice(loop, other):
    return 16


class Client:
    async def method(self, loop):
        return 17


HANDLER = _read_elsewhere
LOOKUP = "_named_in_a_string"


def bridge(coroutine_function):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(coroutine_function(loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def rewritten():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(_rewritten(loop, 0))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def decorated():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(_decorated(loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def called_twice(again):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(_called_twice(loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()
        again.run_until_complete(_called_twice(again))


def read_elsewhere():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(_read_elsewhere(loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def reassigned():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(_reassigned(loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def rebound_by_a_closure():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(_rebound_by_a_closure(loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def default_not_none():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(_default_not_none(loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def keyword_only():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(_keyword_only(loop=loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def star_args():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(_star_args(loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def star_kwargs():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(_star_kwargs(loop=loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def annotated_by_a_call():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(_annotated_by_a_call(loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def positional_only():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(_positional_only(loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def commented():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(_commented(loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def exported():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(_exported(loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def named_in_a_string():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(_named_in_a_string(loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def passed_twice():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(_passed_twice(loop, loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()


def method():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        return loop.run_until_complete(Client().method(loop))
    finally:
        asyncio.set_event_loop(None)
        loop.close()
