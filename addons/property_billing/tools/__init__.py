from .penalty import late_payment_penalty
