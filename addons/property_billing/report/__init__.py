from . import property_bill_analysis
