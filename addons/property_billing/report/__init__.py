from . import property_bill_analysis
from . import report_property_billing_report_fee_statement
