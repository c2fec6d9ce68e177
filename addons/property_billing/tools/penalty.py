"""The late-payment penalty (滞纳金), PEN-01 … PEN-04, as a pure function.

Everything that shows or charges a penalty calls this one function: the daily
refresh, the payment notice, the next bill, the reports and the tests.
"""
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal


def late_payment_penalty(principal, due_date, payments, evaluation_date, *, rate, grace_days,
                         start="due", cap_percent=0.0, rounding="0.01", suspensions=()):
    """Penalty owed on ``evaluation_date`` for a bill of ``principal`` due on
    ``due_date``: the ``penalty`` of :func:`late_payment_penalty_explained`."""
    return late_payment_penalty_explained(
        principal, due_date, payments, evaluation_date, rate=rate, grace_days=grace_days, start=start,
        cap_percent=cap_percent, rounding=rounding, suspensions=suspensions,
    )["penalty"]


def late_payment_penalty_explained(principal, due_date, payments, evaluation_date, *, rate, grace_days,
                                   start="due", cap_percent=0.0, rounding="0.01", suspensions=()):
    """How the penalty owed on ``evaluation_date`` for a bill of ``principal``
    due on ``due_date`` is reached.

    :param payments: iterable of ``(date, amount)`` paid against the bill; a
        payment lowers the base from its own date on (PEN-03).
    :param rate: per day, e.g. 0.0005 for 万分之五 (PEN-01).
    :param grace_days: the penalty applies only if the bill is still unpaid
        when the grace period ends (PEN-02).
    :param start: ``"due"`` — days count from the day after the due date
        (the default of PEN-02); ``"grace"`` — from the day after the grace.
    :param cap_percent: 0 for no cap, else a cap as % of the principal (PEN-04).
    :param suspensions: iterable of ``(first_day, last_day, amount)``: an amount
        disputed with the company's consent bears no penalty on those days
        (BIL-05); ``last_day`` None while the dispute is open.
    :return: a dict — ``stretches``: ``(first_day, last_day, unpaid, days)``
        for each stretch of days with the same amount unpaid; ``amount_days``;
        ``rate``; ``capped``: whether the cap applied; ``penalty``: a
        ``Decimal`` rounded once, half up, to ``rounding`` (PEN-03).

    Days count from the start day to the evaluation day, both included. The
    penalty is on the principal only: penalties never compound (PEN-04).
    """
    def cents(amount):
        # Amounts come from floats: 80.20000000000002 is 80.20 (money is compared rounded).
        return Decimal(str(amount)).quantize(Decimal(rounding), rounding=ROUND_HALF_UP)

    principal = cents(principal)
    paid = sorted((day, cents(amount)) for day, amount in payments if cents(amount))
    suspended = [(first, last, cents(amount)) for first, last, amount in suspensions if cents(amount)]
    grace_end = due_date + timedelta(days=grace_days)
    result = {"stretches": [], "amount_days": Decimal(0), "rate": Decimal(str(rate)), "capped": False,
              "penalty": Decimal(0)}

    def unpaid_on(day, counting=True):
        unpaid = principal - sum((amount for paid_day, amount in paid if paid_day <= day), Decimal(0))
        if counting:
            unpaid -= sum((amount for first, last, amount in suspended
                           if first <= day and (last is None or day <= last)), Decimal(0))
        return max(unpaid, Decimal(0))

    if evaluation_date <= grace_end or unpaid_on(grace_end, counting=False) <= 0:
        return result
    first_day = due_date + timedelta(days=1) if start == "due" else grace_end + timedelta(days=1)
    # The base changes only on payment days and where a suspension starts or
    # ends: base × days over those stretches.
    changes = {day for day, _amount in paid}
    changes |= {first for first, _last, _amount in suspended}
    changes |= {last + timedelta(days=1) for _first, last, _amount in suspended if last}
    segment_start = first_day
    for change in sorted(day for day in changes if first_day < day <= evaluation_date) \
            + [evaluation_date + timedelta(days=1)]:
        days = (change - segment_start).days
        unpaid = unpaid_on(segment_start)
        if days > 0 and unpaid > 0:
            result["stretches"].append((segment_start, change - timedelta(days=1), unpaid, days))
            result["amount_days"] += unpaid * days
        segment_start = change
    penalty = result["amount_days"] * result["rate"]
    if cap_percent and penalty > principal * Decimal(str(cap_percent)) / 100:
        penalty = principal * Decimal(str(cap_percent)) / 100
        result["capped"] = True
    result["penalty"] = penalty.quantize(Decimal(rounding), rounding=ROUND_HALF_UP)
    return result
