from . import property_handover_sign
from . import property_profile_open
