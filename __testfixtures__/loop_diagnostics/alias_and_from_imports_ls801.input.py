import asyncio as aio
import asyncio.events
from asyncio import get_event_loop as gel
from asyncio.events import get_event_loop


def via_alias():
    return aio.get_event_loop()


def via_submodule():
    return asyncio.events.get_event_loop()


def via_from_import_alias():
    return gel()


def via_from_events():
    return get_event_loop()
