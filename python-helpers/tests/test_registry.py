"""The transform contract (docs/TRANSFORMS.md), checked when the helper loads the transforms.

Run: cd python-helpers && python3 -m unittest discover -s tests
"""
import os
import sys
import tempfile
import unittest

HELPERS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(HELPERS)
sys.path.insert(0, HELPERS)

from loopshift_support.registry import ContractError, load_transforms  # noqa: E402

GOOD = ('NAME = "{name}"\nDESCRIPTION = "d"\nTRIGGERS = ("x",)\nMIN_TARGET = {target}\nORDER = {order}\n'
        'CODES = {codes}\nLEAVES_TO = {leaves}\nDEFERS_TO = {defers}\n\n'
        'def transform(module, ctx):\n    return module\n')


def load(files):
    with tempfile.TemporaryDirectory() as folder:
        for filename, fields in files.items():
            values = dict(name=filename[:-3], target="(3, 7)", codes='{"LS901": ("s", "e")}', leaves="{}",
                          defers="{}", order="1")
            values.update(fields)
            with open(os.path.join(folder, filename), "w", encoding="utf-8") as handle:
                handle.write(GOOD.format(**values))
        return load_transforms([folder])


class Contract(unittest.TestCase):
    def test_the_shipped_transforms_keep_it(self):
        transforms = load_transforms([os.path.join(REPO, "transforms")])
        self.assertEqual(transforms[0].name, "get_running_loop")
        self.assertIn("explicit_loop", {t.name: t for t in transforms}["asyncio_run"].leaves_to)
        self.assertEqual(set(transforms[0].describe()), {"name", "description", "triggers", "triggerPatterns",
                                                         "requires", "minTarget", "order", "codes"})

    def test_a_good_file_loads(self):
        [transform] = load({"ok.py": {}})
        self.assertEqual((transform.name, transform.min_target, transform.describe()["minTarget"]),
                         ("ok", (3, 7), "3.7"))

    def assert_refused(self, files, words):
        with self.assertRaises(ContractError) as caught:
            load(files)
        self.assertIn(words, str(caught.exception))

    def test_name_must_be_the_file_name(self):
        self.assert_refused({"ok.py": {"name": "other"}}, "differs from the file name")

    def test_min_target_is_a_3_n_tuple(self):
        for bad in ('"3.7"', "(2, 7)", "(3, 7, 1)", "(3, 7.0)"):
            self.assert_refused({"ok.py": {"target": bad}}, "MIN_TARGET")

    def test_codes_are_well_formed(self):
        self.assert_refused({"ok.py": {"codes": '{"LS91": ("s", "e")}'}}, "LSnnn")
        self.assert_refused({"ok.py": {"codes": '{"LS901": ("s", "")}'}}, "(summary, explanation)")
        self.assert_refused({"ok.py": {"codes": '{"LS901": "s"}'}}, "(summary, explanation)")

    def test_no_code_is_declared_twice(self):
        self.assert_refused({"a.py": {}, "b.py": {}}, "LS901 is declared by both a and b")

    def test_leaves_to_names_a_transform(self):
        self.assert_refused({"a.py": {"leaves": '{"nowhere": "sites"}'}}, "not a loaded transform")
        [transform, other] = load({"a.py": {"leaves": '{"b": "sites"}'}, "b.py": {"codes": "{}", "order": "2"}})
        self.assertEqual(transform.leaves_to, {"b": "sites"})

    def test_a_transform_runs_before_the_ones_it_leaves_sites_to(self):
        for order in ("1", "0"):  # the same ORDER (then the name decides) is refused too
            self.assert_refused({"a.py": {"leaves": '{"b": "sites"}', "order": "1"},
                                 "b.py": {"codes": "{}", "order": order}},
                                "a transform must run before the ones it leaves sites to")

    def test_a_transform_runs_after_the_ones_it_defers_sites_to(self):
        self.assert_refused({"a.py": {"defers": '{"b": "sites"}', "order": "1"}, "b.py": {"codes": "{}", "order": "2"}},
                            "a transform must run after the ones it defers sites to")
        self.assert_refused({"a.py": {"defers": '{"nowhere": "sites"}'}}, "DEFERS_TO names 'nowhere'")
        self.assert_refused({"a.py": {"defers": '{"a": "sites"}'}}, "DEFERS_TO names the transform itself")
        [other, transform] = load({"a.py": {"defers": '{"b": "sites"}', "order": "2"}, "b.py": {"codes": "{}"}})
        self.assertEqual(transform.defers_to, {"b": "sites"})

    def test_the_shipped_order_agrees_with_leaves_to_and_defers_to(self):
        transforms = {t.name: t for t in load_transforms([os.path.join(REPO, "transforms")])}
        for transform in transforms.values():
            for other in transform.leaves_to:
                self.assertLess(transform.order, transforms[other].order, (transform.name, other))
            for other in transform.defers_to:
                self.assertGreater(transform.order, transforms[other].order, (transform.name, other))


if __name__ == "__main__":
    unittest.main()
