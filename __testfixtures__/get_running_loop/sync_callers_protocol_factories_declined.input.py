# Protocol factories and functools.partial callbacks not proven to run under a loop (docs/SEMANTICS.md P2a
# rules 4 and 7): each keeps get_event_loop(), which loop_diagnostics reports (LS804 in a constructor, LS801 in
# a function). The receiver of create_connection must be proven an asyncio loop; a partial must be the
# callback itself, of functools' partial, with the function first.
import asyncio
import concurrent.futures
import functools
import threading
import typing

from mylib import partial

LOOP = asyncio.new_event_loop()


class _GivenLoop(asyncio.Protocol):  # the receiver is a parameter: any object may come in
    def __init__(self, loop=None):
        self._loop = loop or asyncio.get_event_loop()


class _ModuleLoop(asyncio.Protocol):  # the receiver is a module-level name
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _AttributeLoop(asyncio.Protocol):  # the receiver is an attribute
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _Stored(asyncio.Protocol):  # stored first, then passed by another name
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _WindowsPipe(asyncio.Protocol):  # a method rule 7 does not list
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _SecondArgument(asyncio.Protocol):  # not in the factory's place
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _LambdaNotOneCall(asyncio.Protocol):
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _TypingProtocol(typing.Protocol):  # typing's Protocol has its own __init_subclass__ and metaclass
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _StreamBase(asyncio.StreamReaderProtocol):  # a base with its own __init__
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _Checked(asyncio.Protocol):  # also read by isinstance()
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _NotAwaited(asyncio.Protocol):  # its coroutine is stored, then awaited in a finally:
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _InATask(asyncio.Protocol):  # its coroutine is handed to a task
    def __init__(self):
        self._loop = asyncio.get_event_loop()


def _partial_stored():
    return asyncio.get_event_loop()


def _partial_in_a_thread():
    return asyncio.get_event_loop()


def _partial_argument():
    return asyncio.get_event_loop()


def _other_partial():
    return asyncio.get_event_loop()


def _partial_of_a_concurrent_future():
    return asyncio.get_event_loop()


def _partial_in_executor():
    return asyncio.get_event_loop()


def _partial_keyword():
    return asyncio.get_event_loop()


class Client:
    def __init__(self, loop):
        self._loop = loop

    async def connect(self):
        await self._loop.create_connection(_AttributeLoop, "127.0.0.1", 1)


async def connect(port, loop=None, flag=False):
    loop = loop or asyncio.get_event_loop()
    await loop.create_connection(lambda: _GivenLoop(loop=loop), "127.0.0.1", port)
    await LOOP.create_connection(_ModuleLoop, "127.0.0.1", port)
    running = asyncio.get_running_loop()
    factory = _Stored
    await running.create_connection(factory, "127.0.0.1", port)
    await running.create_pipe_connection(_WindowsPipe, r"\\.\pipe\x")
    await running.create_connection(print, _SecondArgument)
    await running.create_connection(lambda: _LambdaNotOneCall() if flag else None, "127.0.0.1", port)
    await running.create_connection(_TypingProtocol, "127.0.0.1", port)
    await running.create_connection(_StreamBase, "127.0.0.1", port)
    await running.create_connection(_Checked, "127.0.0.1", port)
    print(isinstance(None, _Checked))
    later = running.create_connection(_NotAwaited, sock=None)
    asyncio.ensure_future(running.create_connection(_InATask, "127.0.0.1", port))
    try:
        pass
    finally:
        await later
    callback = functools.partial(_partial_stored)
    running.call_soon(callback)
    threading.Thread(target=functools.partial(_partial_in_a_thread)).start()
    running.call_soon(functools.partial(print, _partial_argument))
    running.call_soon(partial(_other_partial))
    concurrent.futures.Future().add_done_callback(functools.partial(_partial_of_a_concurrent_future))
    await running.run_in_executor(None, functools.partial(_partial_in_executor))
    running.call_soon(functools.partial(func=_partial_keyword))
