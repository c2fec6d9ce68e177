from . import property_slip_refuse
