/** @odoo-module **/
/*
 * A resident on his phone (issue 13): reports a leak with a photo from his
 * portal, sees its deadline, then reads the estate's water-cut notice.
 * Data comes from tests/test_portal.py.
 */
import { registry } from "@web/core/registry";

// A real 1x1 PNG, as a phone camera would hand it over.
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

registry.category("web_tour.tours").add("property_service_resident_portal", {
    url: "/my",
    steps: () => [
        { content: "My home: repairs", trigger: "a[href='/my/requests']", run: "click" },
        { content: "Report one", trigger: "a.o_property_new_request", run: "click" },
        { content: "A repair in my home", trigger: "select[name=category]", run: "select in_unit_repair" },
        {
            content: "What is wrong",
            trigger: "textarea[name=description]",
            run: "edit Water dripping from the bathroom ceiling",
        },
        {
            content: "A photo of the leak",
            trigger: "input[name=photos]",
            run() {
                const bytes = Uint8Array.from(atob(PNG), (c) => c.charCodeAt(0));
                const transfer = new DataTransfer();
                transfer.items.add(new File([bytes], "leak.png", { type: "image/png" }));
                this.anchor.files = transfer.files;
            },
        },
        { content: "Send", trigger: ".o_property_request_form button[type=submit]", run: "click" },
        { content: "The request with its steps", trigger: ".o_property_request_steps li:contains(Received at)" },
        { content: "Its deadline", trigger: ".o_property_request_steps li:contains(by)" },
        { content: "Back home", trigger: "a[href='/my/home']", run: "click" },
        { content: "Notices", trigger: "a[href='/my/notices']", run: "click" },
        { content: "The water cut", trigger: ".o_property_notices a:contains(Water cut)", run: "click" },
        { content: "Read it", trigger: ".o_property_notice:contains(store water)" },
    ],
});
