from . import property_profile_open
from . import property_shift_plan
from . import property_open_item_assign
