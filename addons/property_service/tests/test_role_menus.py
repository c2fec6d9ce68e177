"""No dead ends: every demo role opens every menu of the three addons it is
given, and the form of a record behind it, the way the web client does —
over a real session, with the views as the server gives them to that user."""
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo.tests import HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import JsonRpcMixin

ADDONS = ("property_service", "property_billing", "property_butler")
LOGINS = ("clerk", "engineer", "head", "supervisor", "manager", "finance", "butler", "chief", "hr", "admin")
READ_VIEWS = ("list", "kanban", "form", "calendar", "graph")


@tagged("post_install", "-at_install")
class TestRoleMenus(JsonRpcMixin, HttpCase):

    def ok(self, reply, what):
        error = reply.get("error")
        if error:
            self.dead_ends.append(
                f"{what}: {error['data'].get('name')}: {error['data'].get('message', '').splitlines()[0]}"
            )
            return None
        return reply["result"]

    def specification(self, node, model):
        """What the web client asks for a view: its fields, the display name of
        relations, and the fields of x2many sub-views."""
        spec = {}
        for child in node.iterchildren(tag=etree.Element):
            if child.tag != "field":
                spec.update(self.specification(child, model))
                continue
            name = child.get("name")
            field = self.env[model]._fields.get(name)
            if field is None:
                continue
            if field.type == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif field.type in ("one2many", "many2many"):
                subview = next(
                    (sub for sub in child.iterchildren(tag=etree.Element) if sub.tag in ("list", "kanban")), None
                )
                fields_spec = self.specification(subview, field.comodel_name) if subview is not None else {}
                spec[name] = {"fields": fields_spec or {"display_name": {}}}
            else:
                spec[name] = {}
        return spec

    def eval_context(self, user):
        return {
            "uid": user.id, "user": user, "context_today": lambda: date.today(), "datetime": datetime, "time": time,
            "relativedelta": relativedelta, "current_date": date.today().strftime("%Y-%m-%d"),
            "allowed_company_ids": user.company_ids.ids, "active_id": False, "active_ids": [],
        }

    def open_action(self, user, action, what, domain=None, view_mode=None):
        """get_views, then the records of each view as the web client reads them."""
        model = action.res_model
        evaluation = self.eval_context(user)
        context = safe_eval(action.context or "{}", evaluation)
        domain = safe_eval(domain or action.domain or "[]", evaluation)
        modes = [mode for mode in (view_mode or action.view_mode or "list,form").split(",") if mode in READ_VIEWS]
        if model == "board.board":
            modes = ["form"]
        elif "form" not in modes:
            modes.append("form")
        views = [[False, mode] for mode in modes] + [[False, "search"]]
        result = self.ok(
            self.rpc(model, "get_views", [], {"views": views, "options": {"load_filters": True}, "context": context}),
            f"{what}: views",
        )
        if result is None:
            return None
        if model == "board.board":
            # A dashboard shows its actions: each is opened as its own menu would be.
            for node in etree.fromstring(result["views"]["form"]["arch"]).iter("action"):
                board_action = self.env["ir.actions.act_window"].browse(int(node.get("name"))).sudo()
                self.open_action(user, board_action, f"{what} › {node.get('string')}",
                                 domain=node.get("domain"), view_mode=node.get("view_mode"))
            return None
        record_id = None
        for mode in modes:
            arch = etree.fromstring(result["views"][mode]["arch"])
            spec = self.specification(arch, model)
            if mode == "form":
                if record_id is None:
                    found = self.ok(
                        self.rpc(model, "search", [domain], {"limit": 1, "context": context}), f"{what}: search"
                    )
                    record_id = found[0] if found else None
                if record_id:
                    self.ok(self.rpc(model, "web_read", [[record_id]], {"specification": spec, "context": context}),
                            f"{what}: form of record {record_id}")
                continue
            if mode == "graph":
                fields_ = [node for node in arch.iter("field")]
                measures = [f"{n.get('name')}:sum" for n in fields_ if n.get("type") == "measure"] or ["__count"]
                groupby = [n.get("name") + (f":{n.get('interval')}" if n.get("interval") else "")
                           for n in fields_ if n.get("type") != "measure"] or ([context["graph_groupbys"][0]]
                                                                              if context.get("graph_groupbys") else [])
                self.ok(
                    self.rpc(model, "read_group", [domain, measures, groupby[:1]], {"lazy": False, "context": context}),
                    f"{what}: graph",
                )
                continue
            rows = self.ok(self.rpc(model, "web_search_read", [], {
                "domain": domain, "specification": spec, "limit": 40, "context": context}), f"{what}: {mode}")
            if rows and rows["records"] and record_id is None:
                record_id = rows["records"][0]["id"]
        return record_id

    def test_every_role_opens_every_menu_it_is_given(self):
        menus = self.env["ir.ui.menu"].search([]).filtered(
            lambda menu: menu.get_external_id().get(menu.id, "").split(".")[0] in ADDONS)
        self.assertTrue(menus)
        Users = self.env["res.users"].with_context(active_test=False)
        opened, self.dead_ends = {}, []
        for login in LOGINS:
            user = Users.search([("login", "=", login)])
            if not user:
                continue
            self.authenticate(login, "admin" if login == "admin" else login)
            visible = set(self.env["ir.ui.menu"].with_user(user)._visible_menu_ids())
            count = 0
            # What the user can reach: the menu and all its parents are visible to him.
            reachable = menus.filtered(lambda m: {int(i) for i in m.parent_path.split("/") if i} <= visible)
            for menu in reachable.filtered("action"):
                action = menu.action.sudo()
                if action._name != "ir.actions.act_window":
                    continue
                self.open_action(user, action, f"{login} › {menu.complete_name}")
                count += 1
            opened[login] = count
        self.assertFalse(self.dead_ends, "Dead ends:\n" + "\n".join(self.dead_ends))
        # Each role has work to open.
        for login, count in opened.items():
            self.assertTrue(count, f"{login} opens no menu of the property addons")

    def test_staff_see_neither_apps_nor_settings(self):
        """The office's staff work in the property menus: Odoo's Apps and
        Settings are the administrator's alone."""
        admin_menus = self.env.ref("base.menu_management") | self.env.ref("base.menu_administration")
        Users = self.env["res.users"].with_context(active_test=False)
        for login in LOGINS:
            user = Users.search([("login", "=", login)])
            if not user:
                continue
            visible = set(self.env["ir.ui.menu"].with_user(user)._visible_menu_ids())
            with self.subTest(login=login):
                if login == "admin":
                    self.assertTrue(set(admin_menus.ids) <= visible)
                else:
                    self.assertFalse(set(admin_menus.ids) & visible)
