from . import property_demo
from . import property_butler_demo
