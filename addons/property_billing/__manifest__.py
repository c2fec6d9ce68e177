{
    "name": "Property Billing",
    "summary": "Monthly bills as Odoo invoices, 0.05%/day late-payment penalties, "
    "dunning and arrears, deposits and refunds",
    "version": "18.0.0.1.0",
    "category": "Services/Property",
    "author": "Property Addons Team",
    "website": "https://example.com/property-addons",
    "license": "LGPL-3",
    "depends": ["property_service", "account"],
    "data": [
        "security/property_billing_security.xml",
    ],
    "installable": True,
}
