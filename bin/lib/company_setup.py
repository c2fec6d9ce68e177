# Run by bin/run inside `odoo-bin shell` on a database with only `base` in it:
# the company is a Chinese property office from its first day — China, CNY,
# A4 paper, Chinese for the company, the system user and (in a clean
# database) the administrator. Environment: PROPERTY_DEMO (1/0),
# PROPERTY_COMPANY (the company's name), PROPERTY_ADMIN_PASSWORD (clean only).
import base64
import os

demo = os.environ.get("PROPERTY_DEMO", "1") == "1"
company = env.ref("base.main_company")  # noqa: F821 (odoo shell)
cny = env.ref("base.CNY")  # noqa: F821
cny.active = True
company.write({
    "name": os.environ.get("PROPERTY_COMPANY") or ("杭州翠湖物业服务有限公司" if demo else company.name),
    "country_id": env.ref("base.cn").id,  # noqa: F821
    "currency_id": cny.id,
    "paperformat_id": env.ref("base.paperformat_euro").id,  # noqa: F821 (A4)
})
company.partner_id.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
# Times as a Chinese office writes them, 14:30 (not 14时30分00秒): dates and times fit their columns.
env["res.lang"]._lang_get("zh_CN").write({"time_format": "%H:%M"})  # noqa: F821
# New contacts — residents above all — read their documents in Chinese (Odoo's default partner language).
env["ir.default"].set("res.partner", "lang", "zh_CN")  # noqa: F821
# The scheduled actions run as the system user: they write for the office in Chinese.
env.ref("base.user_root").write({"lang": "zh_CN", "tz": "Asia/Shanghai"})  # noqa: F821
admin = env.ref("base.user_admin")  # noqa: F821
if demo:
    admin.write({"lang": "en_US", "tz": "Asia/Shanghai"})  # the demo's administrator works in English
    # The demo office's letterhead shows a logo, not Odoo's "Your logo" placeholder.
    icon = os.path.join(os.environ["PROJECT_ROOT"], "addons/property_service/static/description/icon.png")
    with open(icon, "rb") as handle:
        company.logo = base64.b64encode(handle.read())
else:
    admin.write({"lang": "zh_CN", "tz": "Asia/Shanghai", "password": os.environ["PROPERTY_ADMIN_PASSWORD"]})
env.cr.commit()  # noqa: F821
print("company set up:", company.name, company.country_id.code, company.currency_id.name, company.paperformat_id.name)
