import csv
import io

from freezegun import freeze_time

from odoo.tests import tagged

from .common import PropertyBillingCase


@tagged("post_install", "-at_install")
class TestReadingsImport(PropertyBillingCase):
    """Readings are loaded with Odoo's import (data/import/meter_readings.csv),
    as finance, with every rule of the rulebook applied (BIL-07)."""

    def import_rows(self, rows, dryrun=False):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["meter_id", "date", "value", "source"])
        writer.writerows(rows)
        wizard = self.env["base_import.import"].with_user(self.finance).create({
            "res_model": "property.meter.reading", "file": buffer.getvalue().encode(), "file_type": "text/csv",
            "file_name": "meter_readings.csv",
        })
        columns = ["meter_id", "date", "value", "source"]
        options = {"has_headers": True, "separator": ",", "quoting": '"', "date_format": "%Y-%m-%d",
                   "float_decimal_separator": ".", "float_thousand_separator": ","}
        return wizard.execute_import(columns, columns, options, dryrun=dryrun)

    def setUp(self):
        super().setUp()
        # Small chunks, so that these few rows span several of them.
        self.env["ir.config_parameter"].sudo().set_param("property_billing.import_chunk_size", 2)
        self.meter2 = self.env["property.meter"].create({"name": "W-0202", "unit_id": self.unit2.id,
                                                         "meter_type": "water", "fee_id": self.fee_water.id})

    def readings(self):
        return self.env["property.meter.reading"].search([("meter_id", "in", (self.meter | self.meter2).ids)])

    @freeze_time("2026-03-01 10:00:00")
    def test_bil07_a_month_of_readings_in_chunks(self):
        result = self.import_rows([
            ["W-0201", "2026-02-10", "105", "import"], ["W-0202", "2026-02-10", "7", "import"],
            ["W-0201", "2026-02-20", "110", "import"], ["W-0202", "2026-02-20", "9", "import"],
            ["W-0201", "2026-02-24", "112.5", "import"],
        ])
        self.assertEqual([m for m in result["messages"] if m["type"] == "error"], [])
        self.assertEqual(len(result["ids"]), 5)
        last = self.readings().filtered(lambda r: str(r.date) == "2026-02-24")
        self.assertEqual((last.previous_id.value, last.consumption), (110.0, 2.5))

    @freeze_time("2026-03-01 10:00:00")
    def test_bil07_bad_rows_refuse_the_file_and_are_listed(self):
        before = self.readings()
        result = self.import_rows([
            ["W-0201", "2026-02-10", "105", "import"], ["W-0202", "2026-02-10", "7", "import"],
            ["W-0201", "2026-02-20", "110", "import"],
            ["W-0201", "2026-02-22", "90", "import"],  # row 5: lower than the previous reading
            ["W-0202", "2026-02-24", "11", "import"],
            ["W-9999", "2026-02-24", "1", "import"],  # row 7: no such meter
            ["W-0202", "2026-03-05", "19", "import"],  # row 8: in the future
        ])
        self.assertFalse(result["ids"])
        # Each bad row once, with its own reason (the header is row 1); no good row blamed.
        errors = {}
        for message in result["messages"]:
            if message["type"] == "error":
                errors.setdefault(message["record"] + 2, []).append(message["message"])
        self.assertEqual(sorted(errors), [5, 7, 8])
        self.assertEqual([len(reasons) for reasons in errors.values()], [1, 1, 1])
        self.assertIn("lower than the previous one", errors[5][0])
        self.assertIn("W-9999", errors[7][0])
        self.assertIn("future", errors[8][0])
        # Nothing of the refused file is saved, not even its good rows.
        self.assertEqual(self.readings(), before)

    @freeze_time("2026-03-01 10:00:00")
    def test_bil07_a_meter_of_another_estate_is_not_found_by_its_number(self):
        # Finance of Green Lake cannot load a reading onto Cloud Hill's meter.
        other = self.env["property.meter"].create({"name": "W-0909", "unit_id": self.other_unit.id,
                                                   "meter_type": "water"})
        result = self.import_rows([["W-0201", "2026-02-10", "105", "import"], ["W-0909", "2026-02-10", "7", "import"]])
        self.assertFalse(result["ids"])
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertEqual([(m["record"] + 2, "W-0909" in m["message"]) for m in errors], [(3, True)])
        self.assertFalse(other.reading_ids)
