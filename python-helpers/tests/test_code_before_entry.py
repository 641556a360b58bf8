"""This file's code that runs before an entry-path get_event_loop() and may call project code
(loopshift_support/code_before_entry.py, docs/SEMANTICS.md P3f "Import time"): only code that runs
before the site counts, in execution order, and anything that may run project code does.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import unittest

import libcst as cst

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from loopshift_support.code_before_entry import HARMLESS_CALLS, code_before_site  # noqa: E402
from loopshift_support.context import FileContext  # noqa: E402
from loopshift_support.loop_lifecycle import Lifecycle  # noqa: E402

HEADER = ("import asyncio\nimport os\nimport sys\n\n"
          "sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))\n\n"
          "import lib\nfrom lib import Client\n\n\nasync def work(loop):\n    return Client(loop=loop)\n\n\n")
SCRIPT = "loop = asyncio.get_event_loop()\nloop.run_until_complete(work(loop))\nloop.close()\n"
GUARDED = {"scriptOnly": False, "importedWhole": False, "importedNames": ["other"]}  # a file with a main guard
MAIN = "def main():\n    loop = asyncio.get_event_loop()\n    loop.run_until_complete(work(loop))\n    loop.close()\n\n\n"


def before(source, project=None):
    """code_before_site() for the file's first entry-path get_event_loop() (a script-only file by default)."""
    module = cst.parse_module(source)
    ctx = FileContext("<test>", source, (3, 12), module)
    ctx.project = project if project is not None else {"scriptOnly": True}
    lc = Lifecycle.of(ctx, module)
    for site in lc.sites_of("asyncio.get_event_loop"):
        entry, repeats = lc.entry(site)
        if entry is not None and site.call is not None and repeats is None:
            return code_before_site(lc, entry, site)
    raise AssertionError("no entry site")


class OnlyWhatRunsBeforeTheSite(unittest.TestCase):
    def test_a_script_whose_calls_follow_the_site(self):
        self.assertIsNone(before(HEADER + SCRIPT))
        self.assertIsNone(before(HEADER + SCRIPT + "lib.setup()\n"))  # after the site: too late to matter

    def test_main_called_last(self):
        self.assertIsNone(before(HEADER + MAIN + "main()\n"))
        self.assertIsNone(before(HEADER + MAIN + "sys.exit(main())\n"))
        self.assertIsNone(before(HEADER + MAIN + "if __name__ == '__main__':\n    main()\n",
                                 GUARDED))

    def test_a_main_guard_site(self):
        self.assertIsNone(before(HEADER + "if __name__ == '__main__':\n    " + SCRIPT.replace("\n", "\n    "),
                                 GUARDED))
        self.assertEqual(before(HEADER + "if __name__ == '__main__':\n    lib.setup()\n    "
                                + SCRIPT.replace("\n", "\n    "), GUARDED), "lib.setup()")

    def test_plain_module_code_before(self):
        plain = ("HERE = os.path.dirname(__file__)\nNAMES = ['a', 'b']\nDEBUG = os.environ.get('X', '') == '1'\n"
                 "ARGS = sys.argv[1:]\nif sys.version_info >= (3, 8):\n    pass\n"
                 "log = __import__('x').y if False else None\n")
        self.assertEqual(before(HEADER + plain + SCRIPT), "__import__('x')")
        plain = plain.replace("log = __import__('x').y if False else None\n", "")
        self.assertIsNone(before(HEADER + plain + SCRIPT))
        self.assertIsNone(before(HEADER + plain + "class Point:\n    x = 0\n\n    def move(self, d=1):\n"
                                 "        return lib.setup()\n\n\n" + SCRIPT))


class WhatMayCallProjectCode(unittest.TestCase):
    def declined(self, code, expected, tail=SCRIPT):
        self.assertEqual(before(HEADER + code + tail), expected)

    def test_calls_decorators_defaults_annotations(self):
        self.declined("lib.setup()\n", "lib.setup()")
        self.declined("setting = Client()\n", "Client()")
        self.declined("@lib.register\ndef hook():\n    pass\n", "lib.register")
        self.declined("@lib.register()\ndef hook():\n    pass\n", "lib.register()")
        self.declined("def helper(x=lib.setup()):\n    return x\n", "lib.setup()")
        self.declined("def helper(x: lib.Config['a'] = None):\n    return x\n", "lib.Config")
        self.declined("async def helper(f=lambda: 1, g=print(1)):\n    return f\n", "print(1)")
        self.declined("print('starting')\n", "print('starting')")  # not on the harmless list

    def test_classes(self):
        self.declined("class Job(lib.Base):\n    pass\n", "lib.Base")
        self.declined("class Job(metaclass=lib.Meta):\n    pass\n", "metaclass=lib.Meta")
        self.declined("class Job:\n    field = lib.descriptor\n", "lib.descriptor")  # __set_name__
        self.declined("class Job:\n    from lib import descriptor\n", "from lib import descriptor")
        self.declined("class Job:\n    @lib.register\n    def run(self):\n        pass\n", "lib.register")
        # A class of this file with plain bases, as a base: nothing runs but type's own creation.
        self.assertIsNone(before(HEADER + "class Base(Exception):\n    pass\n\n\nclass Job(Base):\n    n = 1\n\n\n" + SCRIPT))
        self.declined("class Base:\n    def __init_subclass__(cls):\n        lib.setup()\n\n\nclass Job(Base):\n    pass\n",
                      "Base")

    def test_hooks_of_values_that_are_not_plain(self):
        self.declined("x = Client + 1\n", "Client")
        self.declined("if lib.READY:\n    pass\n", "lib.READY")
        self.declined("name = lib.NAMES[0]\n", "lib.NAMES")
        self.declined("x = len(lib.NAMES)\n", "lib.NAMES")
        self.declined("path = sys.modules['lib'].path\n", "sys.modules['lib']")
        self.declined("text = f'{Client}'\n", "Client")
        self.declined("text = f'{1:{lib.WIDTH}}'\n", "lib.WIDTH")  # a format spec's expression too
        self.declined("a, b = lib.PAIR\n", "lib")
        self.declined("lib.flag = True\n", "lib")

    def test_statements_that_run_code(self):
        self.declined("with open(__file__) as f:\n    pass\n", "open(__file__)")
        self.declined("del Client\n", "del Client")
        self.declined("names = [n for n in 'ab']\n", "[n for n in 'ab']")
        self.declined("import warnings\nwarnings.warn('x')\n", "warnings.warn('x')")  # showwarning may be the project's

    def test_shadowed_builtins_and_star_imports(self):
        self.declined("def len(x):\n    return lib.setup()\n\n\nn = len('ab')\n", "len('ab')")
        star = "import asyncio\nfrom lib import *\n\nn = len('ab')\n\n"
        self.assertEqual(before(star + SCRIPT.replace("work(loop)", "asyncio.sleep(0)")), "len('ab')")

    def test_the_entry_function(self):
        # Before main()'s call, its arguments, and its own statements before the site.
        self.declined("lib.setup()\n", "lib.setup()", MAIN + "main()\n")
        self.declined("", "lib.setup()", MAIN + "main(lib.setup())\n")
        self.declined("", "lib.register", MAIN.replace("    loop = asyncio.get_event_loop()",
                                                      "    @lib.register\n    def f():\n        pass\n"
                                                      "    loop = asyncio.get_event_loop()") + "main()\n")
        self.assertIsNone(before(HEADER + MAIN.replace("    loop = asyncio.get_event_loop()",
                                                       "    n = 1\n    loop = asyncio.get_event_loop()") + "main()\n"))

    def test_orders_it_does_not_follow(self):
        self.declined("", "open(__file__)", "with open(__file__) as f:\n    " + SCRIPT.replace("\n", "\n    "))
        self.assertIsNone(before(HEADER + "try:\n    " + SCRIPT.replace("\n", "\n    ") + "\nexcept KeyError:\n    pass\n"))
        self.declined("", "lib.setup()", "try:\n    lib.setup()\nfinally:\n    " + SCRIPT.replace("\n", "\n    "))

    def test_the_list_names_builtins_and_dotted_standard_library_names(self):
        self.assertIn("sys.path.insert", HARMLESS_CALLS)
        self.assertIn("len", HARMLESS_CALLS)


if __name__ == "__main__":
    unittest.main()
