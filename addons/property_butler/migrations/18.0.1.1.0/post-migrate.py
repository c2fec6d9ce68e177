"""18.0.1.1.0: keys are registered by supervisors, and by butlers only for the
vacant units of their zone (KEY-04). The estate rule on keys is a noupdate
record: a database installed before keeps granting creation through it."""
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("property_butler.rule_key_staff", raise_if_not_found=False)
    if rule:
        rule.perm_create = False
