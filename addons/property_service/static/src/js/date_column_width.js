/** @odoo-module **/
// A list's date column is 80 px wide in Odoo, enough for 12/07/2026 but not for the
// Chinese office's 2026年12月07日, which shows as "2026年12…": the date and
// date-time columns get the width of the user's own date format.
import { localization } from "@web/core/l10n/localization";
import { dateField, dateTimeField } from "@web/views/fields/datetime/datetime_field";
import { listDateField, listDateTimeField } from "@web/views/fields/datetime/list_datetime_field";

const WIDE_DATE = /[\u3000-\u9fff\uac00-\ud7af]/; // a format with CJK characters (年, 月, 日)

function columnWidth(fallback, extra) {
    return () => (WIDE_DATE.test(localization.dateFormat) ? fallback + extra : fallback);
}

// Lists use their own copies of the date fields (list.date, list.datetime), made at load time.
for (const field of [dateField, listDateField]) {
    field.listViewWidth = columnWidth(80, 32);
}
for (const field of [dateTimeField, listDateTimeField]) {
    field.listViewWidth = columnWidth(145, 32);
}
