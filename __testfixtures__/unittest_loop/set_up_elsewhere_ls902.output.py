import asyncio
import unittest

from helpers import LoopMixin, register


class WithMixin(LoopMixin, unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_one(self):
        pass


class WithMetaclass(unittest.TestCase, metaclass=type):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_one(self):
        pass


@register
class Decorated(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_one(self):
        pass


@unittest.skipIf(False, "a unittest decorator is fine, but a subclass below with its own setUp() is not")
class Base(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()


class Derived(Base):
    def setUp(self):
        super().setUp()

    def test_one(self):
        pass


def make_case():
    class Nested(unittest.TestCase):
        def test_nested(self):
            loop = asyncio.get_event_loop()
            loop.close()

    return Nested


class RunsItsOwnWay(unittest.TestCase):
    def run(self, result=None):
        return super().run(result)

    def test_one(self):
        loop = asyncio.get_event_loop()
        loop.close()
