"""The addons' layout by the book (OCA guidelines, Odoo's own addons), so a
newcomer finds each kind of thing in one place: one model per Python file,
named after it; one view file per model, named after it; wizard views beside
their wizards and report views beside their report models; data files split
by kind; demo generators in demo/; the manifest loading security, data,
reports, views and wizards, then menus."""
import ast
import unittest

from lxml import etree

from tests.helpers import ROOT

ADDONS = sorted(path for path in (ROOT / "addons").iterdir() if (path / "__manifest__.py").exists())
MODEL_BASES = {"Model", "TransientModel", "AbstractModel"}


def python_models(path):
    """The _name (or single _inherit) of each Odoo model class of a file."""
    found = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.ClassDef):
            continue
        bases = {base.attr for base in node.bases if isinstance(base, ast.Attribute)}
        if not bases & MODEL_BASES:
            continue
        values = {}
        for statement in node.body:
            if isinstance(statement, ast.Assign) and isinstance(statement.targets[0], ast.Name):
                if statement.targets[0].id in ("_name", "_inherit"):
                    values[statement.targets[0].id] = ast.literal_eval(statement.value)
        inherit = values.get("_inherit")
        found.append(values.get("_name") or (inherit if isinstance(inherit, str) else None))
    return found


def xml_records(path):
    """(kind, model) of every record of an XML data file: the model of a view
    or a window action, else the record's own model."""
    rows = []
    for record in etree.parse(str(path)).getroot().iter("record"):
        kind = record.get("model")
        field = {"ir.ui.view": "model", "ir.actions.act_window": "res_model"}.get(kind)
        if field:
            node = record.find(f"field[@name='{field}']")
            rows.append((kind, node.text.strip()))
        else:
            rows.append((kind, kind))
    return rows


class TestLayout(unittest.TestCase):

    def test_three_addons(self):
        self.assertEqual([path.name for path in ADDONS], ["property_billing", "property_butler", "property_service"])

    def test_one_model_per_python_file_named_after_it(self):
        for addon in ADDONS:
            for folder in ("models", "wizards", "report", "demo"):
                for path in sorted((addon / folder).glob("*.py")):
                    if path.name == "__init__.py":
                        continue
                    with self.subTest(path=str(path.relative_to(ROOT))):
                        models = python_models(path)
                        self.assertEqual(len(models), 1, models)
                        self.assertEqual(models[0].replace(".", "_"), path.stem)

    def test_one_view_file_per_model_named_after_it(self):
        for addon in ADDONS:
            for folder in ("views", "wizards", "report"):
                for path in sorted((addon / folder).glob("*_views.xml")):
                    with self.subTest(path=str(path.relative_to(ROOT))):
                        models = {model for _kind, model in xml_records(path)}
                        self.assertEqual(models, {path.stem.removesuffix("_views").replace("_", ".")}
                                         if path.stem != "board_board_views" else {"board.board"})
                        # Beside its model: a wizard's views in wizards/, a report model's in report/.
                        if folder != "views":
                            self.assertTrue(path.with_name(path.stem.removesuffix("_views") + ".py").exists())

    def test_views_of_wizards_and_report_models_sit_beside_them(self):
        for addon in ADDONS:
            beside = {
                model.replace(".", "_")
                for folder in ("wizards", "report") for path in (addon / folder).glob("*.py")
                for model in python_models(path) if model
            }
            for path in sorted((addon / "views").glob("*_views.xml")):
                with self.subTest(path=str(path.relative_to(ROOT))):
                    self.assertNotIn(path.stem.removesuffix("_views"), beside)

    def test_data_files_split_by_kind(self):
        for addon in ADDONS:
            for path in sorted((addon / "data").glob("*.xml")):
                with self.subTest(path=str(path.relative_to(ROOT))):
                    kind = path.stem.removesuffix("_data")
                    self.assertTrue(path.stem.endswith("_data"))
                    for record_kind, _model in xml_records(path):
                        self.assertTrue(record_kind.replace(".", "_").startswith(kind), record_kind)

    def test_crons_and_sequences_are_noupdate(self):
        for addon in ADDONS:
            for path in sorted((addon / "data").glob("*.xml")):
                kinds = {kind for kind, _model in xml_records(path)}
                if kinds & {"ir.cron", "ir.sequence"}:
                    with self.subTest(path=str(path.relative_to(ROOT))):
                        self.assertEqual(etree.parse(str(path)).getroot().get("noupdate"), "1")

    def test_demo_generators_live_in_demo(self):
        for addon in ADDONS:
            with self.subTest(addon=addon.name):
                self.assertFalse([path.name for path in (addon / "models").glob("*demo*.py")])
                self.assertTrue(list((addon / "demo").glob("*.py")))
                self.assertIn("from . import demo", (addon / "__init__.py").read_text(encoding="utf-8"))

    def test_manifest_loads_security_data_reports_views_then_menus(self):
        rank = {"security": 0, "data": 1, "report": 2, "views": 3, "wizards": 3}
        for addon in ADDONS:
            manifest = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))
            with self.subTest(addon=addon.name):
                self.assertRegex(manifest["version"], r"^18\.0\.\d+\.\d+\.\d+$")
                self.assertEqual(manifest["license"], "LGPL-3")
                files = manifest["data"]
                self.assertEqual(files[-1], "views/menus.xml")
                ranks = [rank[name.split("/")[0]] for name in files[:-1]]
                self.assertEqual(ranks, sorted(ranks), files)
                listed = set(files) | set(manifest.get("demo", []))
                on_disk = {
                    str(path.relative_to(addon))
                    for folder in ("security", "data", "report", "views", "wizards", "demo")
                    for path in (addon / folder).glob("*.xml")
                } | {"security/ir.model.access.csv"}
                self.assertEqual(on_disk - listed, set())

    def test_tests_share_a_common_module(self):
        for addon in ADDONS:
            with self.subTest(addon=addon.name):
                self.assertTrue((addon / "tests" / "common.py").exists())
                self.assertTrue((addon / "i18n" / "zh_CN.po").exists())
                self.assertTrue((addon / "i18n" / f"{addon.name}.pot").exists())
                self.assertTrue(list((addon / "readme").glob("*.md")))
