from . import property_bill_run
from . import property_billing_export
from . import property_fee_statement
