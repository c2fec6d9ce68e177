from . import test_finance_role
from . import test_penalty
from . import test_bill_run
from . import test_dunning_arrears
from . import test_deposits
from . import test_documents
from . import test_readings_import
from . import test_portal_bills
