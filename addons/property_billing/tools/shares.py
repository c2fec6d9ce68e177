"""Shared utilities (公摊), BIL-09, as a pure function: a public meter's
charge shared out to the households, to the cent."""
from decimal import ROUND_HALF_UP, Decimal


def share_out(total, weights, rounding="0.01"):
    """``total`` shared out in proportion to ``weights`` (BIL-09).

    Each share is rounded once, half up, to ``rounding``; the rounding
    remainder goes to the last share of a positive weight, so the shares add
    up to ``total`` exactly. A zero weight gets nothing; when every weight is
    zero the shares are equal. Example: 100.00 by floor areas 98.5, 120 and
    80 m² is 33.00 + 40.20 + 26.80; 100.00 in three equal shares is
    33.33 + 33.33 + 33.34.

    :param total: the amount to share (a number or a ``Decimal``).
    :param weights: the households' floor areas, or 1 each for equal shares.
    :return: a list of ``Decimal`` shares, in the order of ``weights``.
    """
    return share_out_with_remainder(total, weights, rounding)[0]


def share_out_with_remainder(total, weights, rounding="0.01"):
    """``share_out``, and the index of the share that carries the rounding
    remainder and that remainder (its bill line says so)."""
    total = Decimal(str(total))
    weights = [Decimal(str(weight)) for weight in weights]
    if not weights:
        return [], None, Decimal(0)
    if any(weight < 0 for weight in weights):
        raise ValueError("A share's weight cannot be negative.")
    if not any(weights):
        weights = [Decimal(1)] * len(weights)
    quantum, base = Decimal(rounding), sum(weights)
    shares = [(total * weight / base).quantize(quantum, rounding=ROUND_HALF_UP) for weight in weights]
    last = max(index for index, weight in enumerate(weights) if weight)
    remainder = total - sum(shares)
    shares[last] += remainder
    return shares, last, remainder
