{
    "name": "Property Butler",
    "summary": "Butlers on employees: handover logs, work ledgers, key custody and "
    "discipline, resident profiles, visits",
    "version": "18.0.1.0.0",
    "category": "Services/Property",
    "author": "Property Addons Team",
    "website": "https://example.com/property-addons",
    "license": "LGPL-3",
    "depends": ["property_service", "hr"],
    "data": [
        "security/property_butler_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/hr_employee_views.xml",
        "views/property_post_views.xml",
        "views/property_shift_views.xml",
        "views/property_handover_views.xml",
        "views/property_key_views.xml",
        "views/property_resident_profile_views.xml",
        "views/property_visit_views.xml",
        "views/property_request_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/property_butler_demo.xml",
    ],
    "installable": True,
}
