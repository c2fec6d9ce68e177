"""Shared helpers of the project-level tests (run by bin/test after Odoo's)."""
import ast
import csv
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
ADDON_NAMES = ("property_service", "property_billing", "property_butler")


def manifest(addon):
    return ast.literal_eval((ADDONS / addon / "__manifest__.py").read_text(encoding="utf-8"))


def model_names(addon):
    """(model name, kind) of every model an addon defines (not only inherits)."""
    found = []
    for path in (ADDONS / addon).rglob("*.py"):
        if "tests" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {getattr(b, "attr", getattr(b, "id", "")) for b in node.bases}
            kind = "abstract" if "AbstractModel" in bases else "transient" if "TransientModel" in bases else "model"
            attrs = {
                t.id: stmt.value
                for stmt in node.body if isinstance(stmt, ast.Assign)
                for t in stmt.targets if isinstance(t, ast.Name)
            }
            name = attrs.get("_name")
            if isinstance(name, ast.Constant):
                found.append((name.value, kind, path))
    return found


def access_rows(addon):
    path = ADDONS / addon / "security" / "ir.model.access.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_db():
    return os.environ.get("PROPERTY_TEST_DB")
