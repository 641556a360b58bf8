# Constructors not proven to run only under a loop (docs/SEMANTICS.md P2a, "Constructors"): each keeps
# get_event_loop(), which loop_diagnostics reports as LS804. Every class here is also made in a coroutine.
import asyncio
import dataclasses
import enum
import threading


class PublicClient:  # public, in a module others may import
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _Imported:  # another project module imports it by name (project facts)
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _Subclassed:
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _Child(_Subclassed):  # runs _Subclassed.__init__ through super(), and has a base itself
    def __init__(self):
        super().__init__()
        self.other = asyncio.get_event_loop()


class _Stored:
    def __init__(self):
        self._loop = asyncio.get_event_loop()


FACTORY = _Stored


class _ThreadTarget:
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _MadeFromSync:
    def __init__(self):
        self._loop = asyncio.get_event_loop()


def make_from_sync():
    return _MadeFromSync()


class _MadeAtImport:
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _Annotated:
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _Checked:
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _InLambda:
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _Factory:
    def __init__(self):
        self._loop = asyncio.get_event_loop()

    @classmethod
    def create(cls):
        return cls()


class _WithNew:
    def __new__(cls):
        return super().__new__(cls)

    def __init__(self):
        self._loop = asyncio.get_event_loop()


@dataclasses.dataclass
class _Decorated:
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _WithMeta(metaclass=type):
    def __init__(self):
        self._loop = asyncio.get_event_loop()


class _Member(enum.Enum):  # an Enum runs __init__ for its members when the class is made
    A = 1

    def __init__(self, value):
        self._loop = asyncio.get_event_loop()


class _Redefined:
    def __init__(self):
        self._loop = asyncio.get_event_loop()

    def __init__(self):  # noqa: F811
        self._loop = asyncio.get_event_loop()


class _Nested:
    def __init__(self):
        def inner():
            return asyncio.get_event_loop()
        self._loop = inner()


class _Bridge:
    def __init__(self):
        self.value = asyncio.get_event_loop().run_until_complete(asyncio.sleep(0, 1))


class _Outer:
    class _Inner:  # not a module-level class
        def __init__(self):
            self._loop = asyncio.get_event_loop()

    def __init__(self):
        self.inner = self._Inner()


_MadeAtImport()


async def main(value):
    inline = lambda: _InLambda()  # noqa: E731
    first: _Annotated = _Annotated()
    threading.Thread(target=_ThreadTarget).start()
    return (PublicClient(), _Imported(), _Subclassed(), _Child(), _Stored(), _ThreadTarget(), _MadeFromSync(),
            _MadeAtImport(), first, isinstance(value, _Checked), _Checked(), inline(), _Factory(), _WithNew(),
            _Decorated(), _WithMeta(), _Member(1), _Redefined(), _Nested(), _Bridge(), _Outer())
