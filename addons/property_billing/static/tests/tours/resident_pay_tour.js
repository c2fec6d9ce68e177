/** @odoo-module **/
/*
 * A resident on his phone pays an overdue bill online with Odoo's demo
 * provider and sees it paid (issue 13; the late fee stopping at the payment's
 * date, PEN-03, is checked by tests/test_portal_bills.py).
 */
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("property_billing_resident_pays", {
    url: "/my/invoices",
    steps: () => [
        { content: "The bill", trigger: ".o_portal_my_doc_table a[href*='/my/invoices/']", run: "click" },
        { content: "Its late fee, explained", trigger: ".o_property_late_fee_formula:contains(0.05 %)" },
        { content: "Pay now", trigger: "a[data-bs-target='#pay_with']:visible", run: "click" },
        {
            content: "The demo provider",
            trigger: "#pay_with input[name=o_payment_radio]",
            run() {
                if (!this.anchor.checked) {
                    this.anchor.click();
                }
            },
        },
        { content: "Test card", trigger: "#pay_with #customer_input", run: "edit 4242424242424242" },
        { content: "Pay", trigger: "#pay_with button[name=o_payment_submit_button]", run: "click" },
        { content: "Back on the bill: paid", trigger: ".badge:contains(Paid)" },
    ],
});
