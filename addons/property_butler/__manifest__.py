{
    "name": "Property Butler",
    "summary": "Butlers on employees: handover logs, work ledgers, key custody and "
    "discipline, resident profiles, visit plans",
    "version": "18.0.0.1.0",
    "category": "Services/Property",
    "author": "Property Addons Team",
    "website": "https://example.com/property-addons",
    "license": "LGPL-3",
    "depends": ["property_service", "hr"],
    "data": [
        "security/property_butler_security.xml",
    ],
    "installable": True,
}
