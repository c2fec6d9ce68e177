/** @odoo-module **/
/*
 * The clerk's day in the browser (issue "done when"): take a call, dispatch it,
 * write the repair slip, record the repair and the resident's signature, finish
 * the request and see the follow-up appear. Data comes from test_tour.py.
 */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

registry.category("web_tour.tours").add("property_service_clerk_day", {
    url: "/odoo/action-property_service.property_request_action",
    steps: () => [
        { content: "New request", trigger: ".o_list_button_add", run: "click" },
        { content: "Unit", trigger: ".o_field_widget[name=unit_id] input", run: "edit 1-0201" },
        {
            content: "Pick the unit",
            trigger: ".o_field_widget[name=unit_id] .o-autocomplete--dropdown-menu li:contains(1-0201)",
            run: "click",
        },
        { content: "Resident filled from the unit", trigger: ".o_field_widget[name=partner_id] input:value(Zhang Wei)" },
        {
            content: "What the resident says",
            trigger: ".o_field_widget[name=description] textarea",
            run: "edit Kitchen tap dripping",
        },
        { content: "Technician", trigger: ".o_field_widget[name=technician_id] input", run: "edit Tour Engineer" },
        {
            content: "Pick the technician",
            trigger: ".o_field_widget[name=technician_id] .o-autocomplete--dropdown-menu li:contains(Tour Engineer)",
            run: "click",
        },
        { content: "Response times while typing", trigger: ".o_notebook .nav-link[name=deadlines]", run: "click" },
        { content: "Three targets to meet (SVC-02/03)", trigger: ".o_deadline_preview tr:nth-child(3)" },
        ...stepUtils.saveForm(),
        { content: "Response times are set", trigger: ".o_notebook .nav-link[name=deadlines]", run: "click" },
        { content: "Three deadlines", trigger: "div[name=deadline_ids] .o_data_row:nth-child(3)" },
        { content: "Dispatch", trigger: "button[name=action_dispatch]", run: "click" },
        { content: "Write the slip", trigger: "button[name=action_write_slip]", run: "click" },
        {
            content: "Add an item",
            trigger: "div[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Price-list item",
            trigger: "div[name=line_ids] .o_field_widget[name=product_id] input",
            run: "edit Replace tap",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-menu li:contains(Replace tap cartridge)",
            run: "click",
        },
        ...stepUtils.saveForm(),
        { content: "Start work", trigger: "button[name=action_start]", run: "click" },
        { content: "Work done", trigger: "button[name=action_done]", run: "click" },
        { content: "Resident signs", trigger: "button[name=action_sign]", run: "click" },
        { content: "Who signs", trigger: ".modal .o_field_widget[name=signer_name] input", run: "edit Zhang Wei" },
        { content: "Open the signature pad", trigger: ".modal .o_field_widget[name=signature] .o_signature", run: "click" },
        {
            content: "The resident draws a signature",
            trigger: ".modal canvas.o_web_sign_signature",
            run() {
                const canvas = this.anchor;
                const box = canvas.getBoundingClientRect();
                const stroke = (type, x, y) =>
                    canvas.dispatchEvent(
                        new PointerEvent(type, {
                            bubbles: true, pointerId: 1, isPrimary: true, buttons: type === "pointerup" ? 0 : 1,
                            pressure: 0.5, clientX: box.left + x, clientY: box.top + y,
                        })
                    );
                stroke("pointerdown", 40, 60);
                for (let i = 1; i <= 20; i++) {
                    stroke("pointermove", 40 + i * 15, 60 + (i % 2 ? 25 : -25));
                }
                stroke("pointerup", 340, 60);
            },
        },
        {
            content: "Adopt the signature",
            trigger: ".modal:has(canvas.o_web_sign_signature) .modal-footer .btn-primary:enabled",
            run: "click",
        },
        { content: "Signed", trigger: ".modal:not(:has(canvas)) .o_field_widget[name=signature] img.o_signature" },
        { content: "Sign the slip", trigger: ".modal button[name=action_sign]", run: "click" },
        {
            content: "Slip confirmed",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Signed by resident)",
        },
        { content: "Back to the request", trigger: ".o_breadcrumb .breadcrumb-item a:contains(SR)", run: "click" },
        { content: "Done", trigger: "button[name=action_done]", run: "click" },
        { content: "The follow-up appears", trigger: "button[name=action_view_followups]", run: "click" },
        { content: "Follow-up listed", trigger: ".o_list_view .o_data_row td:contains(After a repair)" },
    ],
});
