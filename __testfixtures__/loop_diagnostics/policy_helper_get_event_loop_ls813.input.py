"""A helper of this file that returns asyncio.get_event_loop_policy(): `helper().get_event_loop()` is the
policy's get_event_loop() (no running-loop shortcut, B3; deprecated with the policy API in 3.14), reported
as LS813 reports the direct form (P9)."""
import asyncio
import functools
import sys


def policy():
    """The process's event loop policy."""
    return asyncio.get_event_loop_policy()


def current_loop():
    return policy().get_event_loop()


async def in_coroutine():
    return policy().get_event_loop()


class Service:
    def start(self):
        self.loop = policy().get_event_loop()


if sys.version_info < (3, 14):
    legacy = policy().get_event_loop()  # never runs where the policy API warns: not reported


def configured():
    policy = asyncio.get_event_loop_policy()
    policy.set_event_loop(None)
    return policy


def more():
    return configured().get_event_loop()  # not only a return of the policy: its own LS813 is enough


@functools.lru_cache()
def cached_policy():
    return asyncio.get_event_loop_policy()


def decorated():
    return cached_policy().get_event_loop()  # a decorator may return anything: not followed


def shadowed(policy):
    return policy().get_event_loop()  # a parameter, not the helper
