from . import test_estate_units
from . import test_requests
from . import test_breach_cron
from . import test_repair_slips
from . import test_followups
from . import test_reports
from . import test_tour
