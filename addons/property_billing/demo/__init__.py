from . import property_demo
from . import property_billing_demo
