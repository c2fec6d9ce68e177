# Run by bin/run inside `odoo-bin shell`: load the three addons' demo data into a
# database installed without Odoo's own demo (no sample customers, products or
# invoices), as Odoo would at install, in dependency order.
import ast
from pathlib import Path

from odoo.modules.module import get_module_path
from odoo.tools import convert_file

for module in ("property_service", "property_billing", "property_butler"):
    manifest = ast.literal_eval((Path(get_module_path(module)) / "__manifest__.py").read_text(encoding="utf-8"))
    for filename in manifest.get("demo", []):
        convert_file(env, module, filename, {}, mode="init", noupdate=True, kind="demo")  # noqa: F821 (odoo shell)
    env.cr.commit()  # noqa: F821
    print("demo data loaded:", module)

# Residents pay online through Odoo's demo provider in the demo office.
provider = env.ref("payment.payment_provider_demo", raise_if_not_found=False)  # noqa: F821
if provider and provider.module_id.state == "installed":
    provider.write({"state": "test", "is_published": True})
    env.cr.commit()  # noqa: F821
    print("demo payment provider enabled")
