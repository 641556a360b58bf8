# P15 rule 8, the test form, with bases of other project modules (FileFacts.baseModules) that leave the test's
# start unknown: each loop= stays, with LS602 saying why. Of the other module only the class statements the
# order walks are trusted, with the same checks as a same-file base's.
import asyncio
import unittest

from loopbases.declined import (FromThirdParty, GoodBase, HelperAfter, HelperSetUp, Hooked, OwnSetUpMixin,
                                Patched, Rebound, RunOverride)
from loopbases.missing import NotSent
from loopbases.props import PropertyBase


class OverridesRun(RunOverride):  # the base overrides run(): it may run code between setUp() and the test
    def test_queue(self):
        q = asyncio.Queue(loop=self.loop)
        print(q.qsize())


class CallsAHelper(HelperSetUp):  # the base's setUp() calls a function of its module before it sets the loop
    def test_queue(self):
        q = asyncio.Queue(loop=self.loop)
        print(q.qsize())


class HelperAfterTheLoop(HelperAfter):  # ... or after it
    def test_queue(self):
        q = asyncio.Queue(loop=self.loop)
        print(q.qsize())


class RebindsTheBase(Rebound):  # the base module binds the name twice
    def test_queue(self):
        q = asyncio.Queue(loop=self.loop)
        print(q.qsize())


class PatchedBase(Patched):  # code of the base module replaces its setUp() after the class statement
    def test_queue(self):
        q = asyncio.Queue(loop=self.loop)
        print(q.qsize())


class MixinFirst(OwnSetUpMixin, GoodBase):  # a mixin of that module whose setUp() runs first and sets no loop
    def test_queue(self):
        q = asyncio.Queue(loop=self.loop)
        print(q.qsize())


class BaseOfBaseUnknown(FromThirdParty):  # its base comes from outside the project
    def test_queue(self):
        q = asyncio.Queue(loop=self.loop)
        print(q.qsize())


class SubclassHook(Hooked):  # __init_subclass__ may wrap this class's methods
    def test_queue(self):
        q = asyncio.Queue(loop=self.loop)
        print(q.qsize())


class NotSentBase(NotSent):  # the driver sent no text for that module
    def test_queue(self):
        q = asyncio.Queue(loop=self.loop)
        print(q.qsize())


class WithAProperty(PropertyBase):  # a property there may run when the test reads an attribute
    def test_queue(self):
        q = asyncio.Queue(loop=self.loop)
        print(q.qsize())
