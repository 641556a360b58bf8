# P13a with the one base in another project module: bases that may set up or run the tests otherwise, or
# share state across tests, or use the loop in a way a loop per test changes, are declined as the class's own
# would be (LS902, LS901, LS903). A base whose own base is unknown, or bound twice in its module, leaves the
# class's order unknown: loop_diagnostics keeps those sites (LS805, not run here).
import asyncio
import unittest

from loopbases.declined import (ClassState, ClosesTheLoop, FromThirdParty, HandsTheLoopOn, Hooked, Rebound,
                                UsesAHelper, WithClassFixture, WithRun, WithSetUp)


class SetUpInTheBase(WithSetUp):  # super().setUp() runs the base's, which may read the current loop first
    def setUp(self):
        super().setUp()
        self.loop = asyncio.get_event_loop()

    def test_a(self):
        self.loop.run_until_complete(asyncio.sleep(0))


class RunInTheBase(WithRun):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_a(self):
        self.loop.run_until_complete(asyncio.sleep(0))


class HelperOfTheBaseModule(UsesAHelper):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_a(self):
        self.keep(self.loop.run_until_complete(asyncio.sleep(0)))


class ClassFixtureInTheBase(WithClassFixture):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_a(self):
        self.loop.run_until_complete(asyncio.sleep(0))


class ClassStateInTheBase(ClassState):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_a(self):
        self.loop.run_until_complete(asyncio.sleep(0))


class TheBaseClosesTheLoop(ClosesTheLoop):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_a(self):
        self.loop.run_until_complete(asyncio.sleep(0))

    def test_b(self):
        self.loop.run_until_complete(asyncio.sleep(0))


class TheBaseHandsItOn(HandsTheLoopOn):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_a(self):
        self.loop.run_until_complete(asyncio.sleep(0))


class SubclassHook(Hooked):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_a(self):
        self.loop.run_until_complete(asyncio.sleep(0))


class ReboundBase(Rebound):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_a(self):
        self.loop.run_until_complete(asyncio.sleep(0))


class BaseOfBaseUnknown(FromThirdParty):
    def setUp(self):
        self.loop = asyncio.get_event_loop()

    def test_a(self):
        self.loop.run_until_complete(asyncio.sleep(0))
