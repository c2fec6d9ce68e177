"""Workflow fields and locks: one mechanism for the three property addons.

A model declares
- ``_workflow_fields``: what only its buttons and scheduled actions set — states,
  the who and when of every step, signatures and signing times, approvals, review
  marks, billed flags, deadlines and eligibility dates (every stored figure the
  model computes itself is one too, undeclared);
- ``_workflow_user_fields``: fields that look like workflow fields (a date, a
  "signed" box) but that people fill in, each with the reason;
- ``_workflow_open_fields``: what may still change once a record is locked;
- ``_workflow_parent``: for lines, the document whose lock they share;
- ``_workflow_locked()``: which of its records are locked (signed, billed,
  decided, reviewed ...);
- how a manager sees how a record got where it is: workflow fields are tracked
  (``tracking=True``) on models with a chatter; a model without one names the
  document whose chatter records its changes (``_workflow_audit_field``); a
  figure only a job computes may say why it is not tracked
  (``_workflow_untracked``).
Each extension of a model declares only its own fields: the declarations of every
class of the model are merged.

Why no client can forge a workflow field
----------------------------------------
The permission to set one is not in ``env.context`` — JSON-RPC, XML-RPC, an
import or a URL can put any key there — but in a ``ContextVar`` of the running
thread, which only server code sets: ``_workflow_write`` / ``_workflow_create``
push a grant naming the model, the records and the fields, for the duration of
that one call. Both are private methods: Odoo refuses to call a method whose name
starts with "_" over RPC (``odoo.models.check_method_name``, called by ``odoo.service.model``) and a button
can only name a public one. Superuser mode does not open it either, so a stray
``sudo()`` cannot set a state; the administrator is refused like everyone else.
Defaults are closed too: context defaults (``default_state``) and user-defined
defaults (``ir.default``) never give a workflow field a value other than the
one the code gives it, and ``copy()`` resets workflow fields.
Code running on the server with the administrator's rights (a server action's
Python, a module) is the system itself, not a client: no model can guard
against it.
"""
import contextlib
import contextvars

from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_date, format_datetime

# The grants of the running call: ((model, ids or None for creation, field names), ...)
_GRANTS = contextvars.ContextVar("property_workflow_grants", default=())
# Written by Odoo itself on any record (chatter, activities, attachments).
ALWAYS_OPEN_PREFIXES = ("message_", "activity_", "website_message_")


class PropertyWorkflowError(UserError):
    """A workflow field written directly, or a locked record changed."""


@contextlib.contextmanager
def _grant(model, ids, names):
    token = _GRANTS.set(_GRANTS.get() + ((model, ids, frozenset(names)),))
    try:
        yield
    finally:
        _GRANTS.reset(token)


def _granted(model, ids, names):
    """Whether the running call was granted these fields of these records
    (ids None: of records being created)."""
    for grant_model, grant_ids, grant_names in _GRANTS.get():
        if grant_model != model or not names <= grant_names:
            continue
        if ids is None and grant_ids is None:
            return True
        if ids is not None and grant_ids is not None and ids <= grant_ids:
            return True
    return False


def model_name(records):
    """The kind of document, in the user's language (ir.model's translated
    name; ``_description`` is the code's English)."""
    # sudo: the name of a model is no secret of its records.
    return records.env["ir.model"].sudo()._get(records._name).name


def check_system_fields(records, vals, names):
    """For a model of Odoo's that an addon extends (account.move ...): refuse
    writing ``names`` unless the running call was granted them."""
    names = set(names) & set(vals)
    if names and records and not _granted(records._name, frozenset(records.ids), names):
        labels = ", ".join(sorted(records._fields[name]._description_string(records.env) for name in names))
        raise PropertyWorkflowError(records.env._(
            "%(fields)s of %(model)s can only be set by the property addons' own buttons and scheduled actions.",
            fields=labels, model=model_name(records)))


class PropertyWorkflowMixin(models.AbstractModel):
    _name = "property.workflow.mixin"
    _description = "Workflow fields and locks"

    _workflow_fields = frozenset()
    _workflow_user_fields = {}
    _workflow_open_fields = frozenset()
    _workflow_parent = None
    _workflow_audit_field = None
    _workflow_untracked = {}

    # ------------------------------------------------------------ declarations
    def _setup_complete(self):
        # The registry reuses a model's class when a module loads (its bases
        # change): what was merged before is stale.
        result = super()._setup_complete()
        type(self).__dict__.get("_workflow_cache", {}).clear()
        return result

    @classmethod
    def _workflow_declared(cls, attribute):
        """The union of a declaration over every class of the model."""
        cache = cls.__dict__.get("_workflow_cache")
        if cache is None:
            cache = {}
            setattr(cls, "_workflow_cache", cache)
        if attribute not in cache:
            merged = {} if attribute == "_workflow_user_fields" else set()
            for klass in cls.mro():
                merged.update(klass.__dict__.get(attribute, ()))
            cache[attribute] = merged if isinstance(merged, dict) else frozenset(merged)
        return cache[attribute]

    @api.model
    def _workflow_field_names(self):
        """The declared workflow fields, and every stored figure the model
        computes itself (a readonly stored compute, related fields included):
        no one sets a computed figure by hand."""
        cls = type(self)
        cache = cls.__dict__.get("_workflow_cache")
        if cache is None or "names" not in cache:
            computed = {
                name for name, field in self._fields.items()
                if field.store and field.compute and field.readonly and name not in ("display_name",)
            }
            cls._workflow_declared("_workflow_fields")  # creates the cache
            cls.__dict__["_workflow_cache"]["names"] = cls._workflow_declared("_workflow_fields") | computed
        return cls.__dict__["_workflow_cache"]["names"]

    @api.model
    def _workflow_user_field_reasons(self):
        return type(self)._workflow_declared("_workflow_user_fields")

    @api.model
    def _workflow_open_field_names(self):
        return type(self)._workflow_declared("_workflow_open_fields")

    def _workflow_locked(self):
        """The records of self that are locked. Lines are locked with their
        document; models add their own locks (and call super)."""
        if not self._workflow_parent:
            return self.browse()
        parents = self[self._workflow_parent]
        locked = parents._workflow_locked() if hasattr(parents, "_workflow_locked") else parents.browse()
        return self.filtered(lambda record: record[self._workflow_parent] in locked)

    def _workflow_lock_message(self):
        """Why these locked records cannot change (lines: their document's reason)."""
        if self._workflow_parent:
            return self[self._workflow_parent]._workflow_lock_message()
        return self.env._("%(records)s can no longer be changed.", records=", ".join(self.mapped("display_name")))

    # --------------------------------------------------------- the system path
    def _workflow_write(self, vals):
        """Write fields that only the model's own actions and jobs set."""
        audited = bool(self._workflow_audit_field) and not hasattr(self, "message_post")
        before = self._workflow_snapshot(vals) if audited else None
        with _grant(self._name, frozenset(self.ids), vals):
            result = self.write(vals)
        if audited:
            self._workflow_audit(before)
        return result

    def _workflow_snapshot(self, names):
        tracked = [name for name in names if self._fields[name].type not in ("binary", "one2many", "many2many")]
        return {record: {name: record[name] for name in tracked} for record in self}

    def _workflow_audit(self, before):
        """Record the workflow changes of a record without a chatter on its
        document's chatter (who and when are the message's author and date)."""
        for record in self:
            document = record[self._workflow_audit_field]
            if not document:
                continue
            # Worded in the language of the office that reads the document.
            lang = document._property_office_lang() if hasattr(document, "_property_office_lang") else self.env.lang
            worded = record.with_context(lang=lang)
            changes = []
            for name, old in before[record].items():
                field, new = self._fields[name], record[name]
                if old != new:
                    changes.append(worded.env._("%(field)s: %(old)s → %(new)s",
                                                field=field._description_string(worded.env),
                                                old=worded._workflow_audit_value(field, old, document),
                                                new=worded._workflow_audit_value(field, new, document)))
            if changes:
                # sudo: the audit trail is the system's, whoever may post on the
                # document; the author stays the user who acted.
                document.sudo().message_post(
                    body=Markup("%s<br/>%s") % (record.display_name, Markup("<br/>").join(changes)),
                    subtype_xmlid="mail.mt_note",
                )

    def _workflow_audit_value(self, field, value, document):
        """A value as the office reads it: dates in its language's format,
        times on the document's estate's clock."""
        if not value:
            return "—"
        if field.type == "date":
            return format_date(self.env, value)
        if field.type == "datetime":
            estate = document["estate_id"] if "estate_id" in document._fields else None
            return format_datetime(self.env, value, tz=estate.tz if estate else None, dt_format="short")
        return field.convert_to_export(value, self) or "—"

    @api.model
    def _workflow_create(self, vals_list):
        """Create records with workflow values set by the system (a job, a
        correction entry, demo history)."""
        if isinstance(vals_list, dict):
            vals_list = [vals_list]
        names = {name for vals in vals_list for name in vals}
        with _grant(self._name, None, names):
            return self.create(vals_list)

    # ------------------------------------------------------------------ guards
    def _workflow_error(self, names):
        labels = ", ".join(sorted(self._fields[name]._description_string(self.env) for name in names))
        return PropertyWorkflowError(self.env._(
            "%(fields)s of %(model)s can only be set by the document's own buttons and scheduled actions.",
            fields=labels, model=model_name(self)))

    def _workflow_code_default(self, name):
        field = self._fields[name]
        return field.convert_to_cache(field.default(self), self) if field.default else None

    def _workflow_same_as_default(self, name, value):
        field = self._fields[name]
        default = self._workflow_code_default(name)
        given = field.convert_to_cache(value, self)
        return given == default or (not given and not default)

    @api.model
    def default_get(self, fields_list):
        """Neither a context default nor a user-defined default (ir.default)
        gives a workflow field another value than the code's own."""
        defaults = super().default_get(fields_list)
        for name in self._workflow_field_names() & set(defaults):
            field = self._fields[name]
            if field.default:
                defaults[name] = field.convert_to_write(field.convert_to_record(
                    field.convert_to_cache(field.default(self), self), self), self)
            else:
                del defaults[name]
        return defaults

    @api.model_create_multi
    def create(self, vals_list):
        workflow = self._workflow_field_names()
        names = {name for vals in vals_list for name in vals}
        forged = {
            name for vals in vals_list for name in workflow.intersection(vals)
            if not self._workflow_same_as_default(name, vals[name])
        }
        if forged and not _granted(self._name, None, forged):
            raise self._workflow_error(forged)
        # What the model itself sets at creation (numbers, first steps ...),
        # and the attachments of the binary fields the creation stores.
        system_names = set(self._workflow_prepare_create(vals_list) or ())
        system_names |= {name for name in names if name in self._fields and self._fields[name].type == "binary"}
        with _grant(self._name, None, system_names):
            records = super().create(vals_list)
        if self._workflow_parent and not _granted(self._name, None, names):
            records._workflow_check_unlocked()
        return records

    @api.model
    def _workflow_prepare_create(self, vals_list):
        """Hook: fill in the workflow values the model sets itself when a
        record is created (after the caller's values were checked); return
        their names."""
        return set()

    def write(self, vals):
        self._workflow_check_write(vals)
        return super().write(vals)

    def _workflow_is_granted(self, names):
        """Whether the running call may set these fields of self."""
        return _granted(self._name, frozenset(self.ids), set(names))

    def _workflow_check_write(self, vals):
        names = {name for name in vals if not name.startswith(ALWAYS_OPEN_PREFIXES)}
        if not names or not self or _granted(self._name, frozenset(self.ids), names):
            return
        touched = names & self._workflow_field_names()
        if touched:
            raise self._workflow_error(touched)
        if names - self._workflow_open_field_names():
            self._workflow_check_unlocked()

    def _workflow_check_unlocked(self):
        locked = self._workflow_locked()
        if locked:
            raise PropertyWorkflowError(locked._workflow_lock_message())

    def unlink(self):
        self._workflow_check_unlocked()
        # The record's own signatures go with it.
        binaries = {name for name in self._workflow_field_names() if self._fields[name].type == "binary"}
        with _grant(self._name, frozenset(self.ids), binaries):
            return super().unlink()

    def copy_data(self, default=None):
        """A copy starts its workflow afresh, whatever the caller asks."""
        vals_list = super().copy_data(default)
        workflow = self._workflow_field_names()
        return [{name: value for name, value in vals.items() if name not in workflow} for vals in vals_list]

    def _property_require_group(self, xmlid, message):
        """A button restricted to a role checks it itself: RPC can call any
        public method, whatever the view shows (AccessError, in the user's language).
        Superuser mode is the system acting (demo data, upgrades)."""
        if not self.env.su and not self.env.user.has_group(xmlid):
            raise AccessError(message)

    # ------------------------------------------------- words for the reader
    def _property_activity(self, activity_xmlid, user, summary, note=None, **kwargs):
        """Schedule an activity worded in the language of the user who gets
        it: ``summary`` and ``note`` are functions of the record in that
        language (a job runs in its own, often English)."""
        for record in self:
            worded = record.with_context(lang=user.lang or record.env.lang)
            record.activity_schedule(activity_xmlid, user_id=user.id, summary=summary(worded),
                                     note=note(worded) if note else None, **kwargs)

    def _property_office_lang(self):
        """The language of the office that reads a record's chatter: its
        estate's supervisor's, else its manager's, else the company's."""
        self.ensure_one()
        estate = self["estate_id"] if "estate_id" in self._fields else self.env["property.estate"]
        # sudo: only the staff's language is read.
        for user in (estate.sudo().supervisor_id, estate.sudo().manager_id):
            if user.lang:
                return user.lang
        return self.sudo().env.company.partner_id.lang or self.env.lang

    def _property_note(self, body, **kwargs):
        """A note written by the system, in the office's language: ``body``
        is a function of the record in that language."""
        for record in self:
            worded = record.with_context(lang=record._property_office_lang())
            record.message_post(body=body(worded), subtype_xmlid="mail.mt_note", **kwargs)

    # ----------------------------------------------------------------- signing
    def _property_sign_wizard(self, role, title, ask_name=False):
        """The signing step of a document (wizards/property_sign.py)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": "property.sign",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": self._name, "default_res_id": self.id, "default_role": role,
                "default_title": title, "default_ask_name": ask_name,
            },
        }

    def _property_sign(self, role, signature, name):
        """Hook: what a signature of ``role`` does to the document; models
        check who may sign and when, then write through ``_workflow_write``."""
        raise UserError(self.env._("This document cannot be signed here."))
