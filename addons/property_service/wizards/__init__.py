from . import property_slip_refuse
from . import property_movein_batch
from . import property_movein_batch_line
from . import property_sign
