from . import test_butler_roles
from . import test_keys_handover
from . import test_profiles
from . import test_visits
from . import test_estate_clock
from . import test_duty_roster
from . import test_daily_check
from . import test_vacant_units
