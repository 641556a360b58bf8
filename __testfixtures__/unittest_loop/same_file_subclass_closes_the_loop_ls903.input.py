# docs/SEMANTICS.md P13a, "Subclasses in the same file": declined, as the base's own class would be.
import asyncio
import unittest


class Base(unittest.TestCase):
    def setUp(self):
        self.loop = asyncio.get_event_loop()


class Closes(Base):
    def test_close(self):
        self.loop.close()

    def test_other(self):
        pass
