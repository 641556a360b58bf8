# Private methods not proven to run only under a loop (docs/SEMANTICS.md P2a rule 5): each keeps
# get_event_loop(), which loop_diagnostics reports (LS801, or LS804 where the loop is stored).
import asyncio
import threading


class _Holder:
    def _stored(self):
        return asyncio.get_event_loop()

    def _on_another_object(self):
        return asyncio.get_event_loop()

    def _from_public(self):
        return asyncio.get_event_loop()

    def _in_lambda(self):
        return asyncio.get_event_loop()

    def _in_executor(self):
        return asyncio.get_event_loop()

    def _thread_target(self):
        return asyncio.get_event_loop()

    def _stores(self):  # proven, but a stored loop outside a constructor keeps LS804
        self._loop = asyncio.get_event_loop()

    def poll(self):
        return self._from_public()

    async def run(self, other):
        handler = self._stored
        later = lambda: self._in_lambda()  # noqa: E731
        await asyncio.get_running_loop().run_in_executor(None, self._in_executor)
        threading.Thread(target=self._thread_target).start()
        self._stores()
        return (handler(), other._on_another_object(), self._from_public(), later(), self._stored(),
                self._in_executor(), self._thread_target(), self._on_another_object())


class _Based(asyncio.StreamReaderProtocol):  # a base class may call its subclasses' private methods
    def _hook(self):
        return asyncio.get_event_loop()

    async def run(self):
        return self._hook()


async def main():
    holder = _Holder()
    return await holder.run(holder), await _Based().run()
