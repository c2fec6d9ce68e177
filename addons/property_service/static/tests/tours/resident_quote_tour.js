/** @odoo-module **/
/*
 * A resident on his phone accepts the technician's quote before work starts
 * (SVC-04, issue 13). Data comes from tests/test_portal.py.
 */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("property_service_resident_quote", {
    url: "/my/requests",
    steps: () => [
        { content: "My tap repair", trigger: "a:contains(Kitchen tap dripping)", run: "click" },
        { content: "The quoted item", trigger: ".list-group-item:contains(Replace the mixer valve)" },
        { content: "Accept it", trigger: ".o_property_quote button[value=accept]", run: "click" },
        { content: "Accepted, with its time", trigger: ".text-success:contains(Quote accepted)" },
    ],
});
