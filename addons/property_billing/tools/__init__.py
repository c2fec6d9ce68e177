from .penalty import late_payment_penalty, late_payment_penalty_explained
from .shares import share_out, share_out_with_remainder
