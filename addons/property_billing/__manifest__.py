{
    "name": "Property Billing",
    "summary": "Monthly bills as Odoo invoices, 0.05%/day late-payment penalties, "
    "dunning and arrears, deposits and refunds",
    "version": "18.0.1.0.0",
    "category": "Services/Property",
    "author": "Property Addons Team",
    "website": "https://example.com/property-addons",
    "license": "LGPL-3",
    "depends": ["property_service", "account"],
    "external_dependencies": {"python": ["xlsxwriter", "num2words", "cn2an"]},
    "data": [
        "security/property_billing_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "report/payment_notice_report.xml",
        "views/property_fee_views.xml",
        "views/property_billing_period_views.xml",
        "views/account_move_views.xml",
        "views/property_dunning_views.xml",
        "views/property_service_views.xml",
        "views/board_board_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/property_billing_demo.xml",
    ],
    "installable": True,
}
