from . import property_repeat_report
