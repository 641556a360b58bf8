"""get_event_loop() after set_event_loop(x) where the result may not be x (P3e): each is reported."""
import asyncio

import somelib


def touch():
    asyncio.get_event_loop_policy().set_event_loop(None)


def given(loop):
    asyncio.set_event_loop(loop)
    asyncio.get_event_loop().run_forever()  # loop may be None: get_event_loop() raises then


def rebound():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop = None
    asyncio.get_event_loop().run_forever()


def helper_between():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    touch()
    asyncio.get_event_loop().run_forever()


def foreign_between():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    somelib.configure()
    asyncio.get_event_loop().run_forever()


def import_between():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    import json
    asyncio.get_event_loop().run_forever()


def foreign_before():
    somelib.setup()
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    asyncio.get_event_loop().run_forever()


def other_block(flag):
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    if flag:
        asyncio.get_event_loop().run_forever()


def comment_inside():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    asyncio.get_event_loop(  # kept
    ).run_forever()


if __name__ == "__main__":
    given(None)
    rebound()
    helper_between()
    import_between()
    other_block(True)
    comment_inside()
    foreign_between()
    foreign_before()
