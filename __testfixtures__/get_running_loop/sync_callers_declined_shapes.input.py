# Sync functions not proven to run only under a loop (docs/SEMANTICS.md P2a): each keeps get_event_loop(),
# which loop_diagnostics reports as LS801. Every helper here is also called from a coroutine.
import asyncio
import functools
import sys
import threading

__all__ = ["_exported"]


def public_helper():  # public, in a module others may import
    return asyncio.get_event_loop()


def _imported():  # another project module imports it by name (project facts)
    return asyncio.get_event_loop()


def _once_from_sync():
    return asyncio.get_event_loop()


def run_sync():
    return _once_from_sync()


def _stored():
    return asyncio.get_event_loop()


handler = _stored


def _thread_target():
    return asyncio.get_event_loop()


def _in_executor():
    return asyncio.get_event_loop()


def _to_thread():
    return asyncio.get_event_loop()


def _shadowed():
    return asyncio.get_event_loop()


def uses_a_parameter(_shadowed):
    return _shadowed()


def _exported():
    return asyncio.get_event_loop()


def _in_lambda():
    return asyncio.get_event_loop()


@functools.lru_cache()
def _decorated():
    return asyncio.get_event_loop()


def _from_nested():
    return asyncio.get_event_loop()


def _by_string():
    return asyncio.get_event_loop()


def _at_import():
    return asyncio.get_event_loop()


_at_import()


def _as_attribute():
    return asyncio.get_event_loop()


def _in_genexp():
    return asyncio.get_event_loop()


def _done_callback(future):
    return asyncio.get_event_loop()


def _partial():
    return asyncio.get_event_loop()


def _below_unproven():
    return asyncio.get_event_loop()


def _unproven():
    return _below_unproven()


def _never_called():
    return asyncio.get_event_loop()


class Box:
    def method(self):
        return _unproven()


async def main():
    loop = asyncio.get_running_loop()
    public_helper(), _imported(), _once_from_sync(), _stored(), _thread_target(), _in_executor()
    _to_thread(), _shadowed(), _exported(), _decorated(), _from_nested(), _by_string(), _at_import()
    _as_attribute(), _in_genexp(), _done_callback(None), _partial(), _unproven()
    threading.Thread(target=_thread_target).start()
    await loop.run_in_executor(None, _in_executor)
    await asyncio.to_thread(_to_thread)
    loop.call_soon(lambda: _in_lambda())

    def nested():
        return _from_nested()

    nested()
    getattr(sys.modules[__name__], "_by_string")()
    sys.modules[__name__]._as_attribute()
    kept = (_in_genexp() for _ in range(1))  # a generator kept, drained later: not in place
    list(kept)
    loop.create_future().add_done_callback(_done_callback)
    threading.Thread(target=functools.partial(_partial)).start()
