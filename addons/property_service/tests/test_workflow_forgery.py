"""Records no one can forge: the registry-walking tests of property.workflow.mixin.

They cannot go out of date: they read the models from the registry, the
workflow fields from the models' own declarations, the roles from the demo
staff, and the context keys from the addons' source. A new model, field, role
or context key is tried without anyone touching this file."""
import logging
import re
import xmlrpc.client
from collections import defaultdict
from pathlib import Path

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import JsonRpcMixin

_logger = logging.getLogger(__name__)
ADDONS = ("property_service", "property_billing", "property_butler")
ADDONS_DIR = Path(__file__).resolve().parents[2]
# The demo staff of the three addons (password = log-in) and the administrator.
LOGINS = ("clerk", "engineer", "head", "supervisor", "manager", "finance", "butler", "chief", "hr", "admin")
# Names that look like workflow fields: a state, who and when of a step, a
# signature, a step or eligibility date, a billed flag, a job's mark.
WORKFLOW_LOOKING = re.compile(
    r"^(state|.*_state|.*_by_id|.*_on|.*signed.*|.*signature.*|date_.*|.*_date|.*_at|.*billed.*|result|"
    r".*_notified|reminded|escalated|overdue|.*_checked|fixed|.*_reminded|.*_approved.*)$"
)
# Odoo's models the addons extend with fields only their own flows set (the bill's household,
# period and penalty figures; the bill line's source).
EXTENDED = {"account.move": [("property_period_id", "!=", False)],
            "account.move.line": [("property_period_id", "!=", False)]}
REFUSALS = ("odoo.addons.property_service.models.property_workflow_mixin.PropertyWorkflowError",
            "odoo.exceptions.AccessError")
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="


def context_keys_read_by_code():
    """Every context key the three addons read or set, from their source."""
    keys = {"property_action_write"}
    patterns = (
        re.compile(r"context\.get\(\s*[\"']([A-Za-z_]+)[\"']"),
        re.compile(r"context\[\s*[\"']([A-Za-z_]+)[\"']\s*\]"),
        re.compile(r"with_context\(\s*([A-Za-z_]+)\s*="),
        re.compile(r"with_context\(\s*\{\s*[\"']([A-Za-z_]+)[\"']"),
    )
    for addon in ADDONS:
        for path in (ADDONS_DIR / addon).rglob("*.py"):
            if "tests" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            for pattern in patterns:
                keys.update(pattern.findall(text))
    return keys


@tagged("post_install", "-at_install")
class TestWorkflowForgery(JsonRpcMixin, HttpCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Users = cls.env["res.users"].with_context(active_test=False)
        cls.users = {login: Users.search([("login", "=", login)]) for login in LOGINS}
        cls.users = {login: user for login, user in cls.users.items() if user}
        cls.context_keys = context_keys_read_by_code()

    # ------------------------------------------------------------- the models
    def workflow_models(self):
        """Every stored model of the three addons that uses the mechanism."""
        return sorted(
            name for name, Model in self.env.registry.items()
            if Model._original_module in ADDONS and not Model._abstract and not Model._transient and Model._auto
        )

    def workflow_names(self, model):
        Model = self.env[model]
        if hasattr(Model, "_workflow_field_names"):
            return sorted(Model._workflow_field_names())
        return sorted(name for name, field in Model._fields.items()
                      if field._module in ADDONS and field.store and name.startswith("property_"))

    def other_value(self, record, field):
        """A valid value different from the record's, as (write value, import text)."""
        current = record[field.name]
        if field.type == "selection":
            values = [value for value, _label in field._description_selection(self.env) if value != current]
            return (values[0], values[0]) if values else None
        if field.type == "many2one":
            other = self.env[field.comodel_name].sudo().search([("id", "!=", current.id)], limit=1)
            if other:
                return (other.id, str(other.id))
            return (False, "") if current else None
        if field.type == "boolean":
            return (not current, "0" if current else "1")
        if field.type == "date":
            return ("2020-01-02", "2020-01-02")
        if field.type == "datetime":
            return ("2020-01-02 03:04:05", "2020-01-02 03:04:05")
        if field.type in ("integer", "float", "monetary"):
            value = (current or 0) + 7
            return (value, str(value))
        if field.type in ("char", "text", "html"):
            return ("forged", "forged")
        if field.type == "binary":
            return (PNG, PNG)
        if field.type == "many2many":
            # The wire format of a client (XML-RPC marshals no enum): [(6, 0, ids)].
            return ([(6, 0, [])], "") if current else None
        return None

    def writable_record(self, model, user):
        Model = self.env[model].with_user(user)
        if not Model.has_access("write"):
            return None
        for record in Model.search(EXTENDED.get(model, []), limit=40, order="id desc"):
            if record.has_access("write"):
                return record.sudo()
        return None

    def snapshot(self, record, names):
        self.env.invalidate_all()
        return {name: record[name] for name in names}

    def assert_refused(self, reply, what):
        error = reply.get("error")
        self.assertTrue(error, f"{what}: accepted")
        self.assertIn(
            error["data"]["name"], REFUSALS, f"{what}: refused for another reason: {error['data']['message']}"
        )

    # ---------------------------------------------------------------- the test
    def test_workflow_fields_refused_for_every_role_and_client(self):
        """Every declared workflow field of every model, as every demo role
        that may write the model: a plain write, a write with every context key
        the code reads, an import, and (administrator) XML-RPC — all refused,
        the record unchanged."""
        # Odoo's own keys keep their meaning (a language, ids ...); every key of ours is switched on.
        odoo_keys = {
            "lang",
            "tz",
            "active_model",
            "active_id",
            "active_ids",
            "active_test",
            "allowed_company_ids",
            "uid",
        }
        context = {key: True for key in self.context_keys - odoo_keys}
        context.update({f"default_{key}": True for key in ("state", "billed")})
        tried, models_without_writer, attempts = defaultdict(set), [], 0
        models = self.workflow_models() + [model for model in EXTENDED if model in self.env]
        for model in models:
            names = self.workflow_names(model)
            if not names:
                continue
            writers = 0
            for login, user in self.users.items():
                record = self.writable_record(model, user)
                if record is None:
                    continue
                writers += 1
                self.authenticate(login, "admin" if login == "admin" else login)
                for name in names:
                    field = record._fields[name]
                    value = self.other_value(record, field)
                    if value is None:
                        continue
                    write_value, import_text = value
                    before = self.snapshot(record, names)
                    what = f"{login} setting {model}.{name}"
                    self.assert_refused(self.rpc(model, "write", [record.ids, {name: write_value}]), what)
                    self.assert_refused(
                        self.rpc(model, "write", [record.ids, {name: write_value}], {"context": context}),
                        f"{what} with the context keys",
                    )
                    column = f"{name}/.id" if field.type == "many2one" else name
                    loaded = self.rpc(model, "load", [[".id", column], [[str(record.id), import_text]]])
                    self.assertFalse(loaded.get("result", {}).get("ids"), f"{what} by import: accepted")
                    if login == "admin":
                        with self.assertRaises(xmlrpc.client.Fault, msg=f"{what} over XML-RPC: accepted"):
                            self.xmlrpc_object.execute_kw(
                                self.env.cr.dbname, user.id, "admin", model, "write", [record.ids, {name: write_value}])
                    self.assertEqual(self.snapshot(record, names), before, f"{what}: the record changed")
                    tried[model].add(name)
                    attempts += 1
            if not writers:
                models_without_writer.append(model)
        _logger.info("Forgery walk: %s models, %s fields, %s (role, field) attempts, each over JSON-RPC plainly, "
                     "with %s context keys and by import; models no role may write: %s",
                     len(tried), sum(len(names) for names in tried.values()), attempts, len(context),
                     ", ".join(models_without_writer))
        # Nobody writes these at all, the administrator included: the access rights refuse them.
        for model in models_without_writer:
            for user in self.users.values():
                self.assertFalse(self.env[model].with_user(user).has_access("write"),
                                 f"{user.login} may write {model} but no demo record of it is writable")
        # Every declared field was tried by somebody (the demo has a record of each model).
        for model in set(models) - set(models_without_writer):
            missing = set(self.workflow_names(model)) - tried[model]
            missing = {name for name in missing if self.env[model]._fields[name].type not in ("one2many",)}
            self.assertFalse(missing, f"{model}: workflow fields no role could try: {sorted(missing)}")

    def test_workflow_looking_fields_are_declared(self):
        """A field that looks like a workflow field is either one (set by
        buttons and jobs only) or listed as filled in by people, with why."""
        undeclared = []
        for model in self.workflow_models():
            Model = self.env[model]
            for name, field in Model._fields.items():
                if (
                    field._module not in ADDONS
                    or not field.store
                    or field.related
                    or name in ("create_date", "write_date")
                ):
                    continue
                if not WORKFLOW_LOOKING.match(name) and field.type != "binary":
                    continue
                if not hasattr(Model, "_workflow_field_names"):
                    undeclared.append(f"{model}.{name} (the model does not use property.workflow.mixin)")
                elif name not in Model._workflow_field_names() and not Model._workflow_user_field_reasons().get(name):
                    undeclared.append(f"{model}.{name}")
        self.assertFalse(undeclared, "Neither workflow fields nor user fields with a reason: " + ", ".join(undeclared))

    def test_workflow_fields_are_tracked(self):
        """A manager sees how a record got where it is: every workflow field
        set by a button or a job is tracked in a chatter."""
        untracked = []
        for model in self.workflow_models():
            Model = self.env[model]
            if not hasattr(Model, "_workflow_field_names"):
                continue
            thread = hasattr(Model, "message_post")
            for name in Model._workflow_field_names():
                field = Model._fields[name]
                if (
                    field.compute
                    or field.type in ("binary", "one2many", "many2many")
                    or name in Model._workflow_untracked
                ):
                    continue
                if thread and not getattr(field, "tracking", False):
                    untracked.append(f"{model}.{name}")
                elif not thread and not Model._workflow_audit_field:
                    untracked.append(f"{model}.{name} (no chatter, no audit document)")
        self.assertFalse(untracked, "Workflow fields nobody sees change: " + ", ".join(untracked))

    def test_copy_and_defaults_start_afresh(self):
        """copy() with a forged default, context defaults and user-defined
        defaults give no workflow field another value than the code's."""
        request = self.env["property.request"].search([("state", "=", "closed")], limit=1)
        clerk = self.users["clerk"]
        copy = request.with_user(clerk).with_context(default_state="closed").copy({"state": "closed"})
        self.assertEqual(copy.state, "new")
        self.env["ir.default"].set("property.request", "state", "closed")
        new = self.env["property.request"].with_user(clerk).with_context(default_state="closed").create({
            "estate_id": request.estate_id.id, "unit_id": request.unit_id.id, "category": "consultation",
            "description": "咨询物业费",
        })
        self.assertEqual(new.state, "new")
        self.assertTrue(fields.Datetime.now() >= new.date_received)
