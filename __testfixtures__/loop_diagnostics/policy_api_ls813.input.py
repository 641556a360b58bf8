import asyncio
import asyncio.events
import sys
from asyncio import get_event_loop_policy as policy_of, set_event_loop_policy


def new_loop():
    return asyncio.get_event_loop_policy().new_event_loop()


def current():
    return policy_of().get_event_loop()


def reset():
    set_event_loop_policy(None)
    asyncio.set_event_loop_policy(asyncio.DefaultEventLoopPolicy())


def is_default():
    return isinstance(asyncio.events.get_event_loop_policy(), asyncio.events.BaseDefaultEventLoopPolicy)


async def in_coroutine():
    policy = asyncio.get_event_loop_policy()
    loop = asyncio.get_event_loop_policy().get_event_loop()  # get_running_loop's LS102, not repeated
    return policy, loop


getter = asyncio.get_event_loop_policy


if sys.version_info < (3, 14):
    # Never runs where the policy API warns: not reported.
    legacy = asyncio.get_event_loop_policy()
elif sys.version_info[:2] >= (3, 16):
    modern = asyncio.get_event_loop_policy()  # removed there: reported
