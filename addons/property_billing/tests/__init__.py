from . import test_finance_role
