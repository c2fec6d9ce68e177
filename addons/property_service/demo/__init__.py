from . import property_demo
