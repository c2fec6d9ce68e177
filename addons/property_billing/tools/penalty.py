"""The late-payment penalty (滞纳金), PEN-01 … PEN-04, as a pure function.

Everything that shows or charges a penalty calls this one function: the daily
refresh, the payment notice, the next bill, the reports and the tests.
"""
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal


def late_payment_penalty(principal, due_date, payments, evaluation_date, *, rate, grace_days,
                         start="due", cap_percent=0.0, rounding="0.01"):
    """Penalty owed on ``evaluation_date`` for a bill of ``principal`` due on
    ``due_date``.

    :param payments: iterable of ``(date, amount)`` paid against the bill; a
        payment lowers the base from its own date on (PEN-03).
    :param rate: per day, e.g. 0.0005 for 万分之五 (PEN-01).
    :param grace_days: the penalty applies only if the bill is still unpaid
        when the grace period ends (PEN-02).
    :param start: ``"due"`` — days count from the day after the due date
        (the default of PEN-02); ``"grace"`` — from the day after the grace.
    :param cap_percent: 0 for no cap, else a cap as % of the principal (PEN-04).
    :return: a ``Decimal`` rounded once, half up, to ``rounding`` (PEN-03).

    Days count from the start day to the evaluation day, both included. The
    penalty is on the principal only: penalties never compound (PEN-04).
    """
    def cents(amount):
        # Amounts come from floats: 80.20000000000002 is 80.20 (money is compared rounded).
        return Decimal(str(amount)).quantize(Decimal(rounding), rounding=ROUND_HALF_UP)

    principal = cents(principal)
    paid = sorted((day, cents(amount)) for day, amount in payments if cents(amount))
    grace_end = due_date + timedelta(days=grace_days)

    def unpaid_on(day):
        return max(principal - sum((amount for paid_day, amount in paid if paid_day <= day), Decimal(0)), Decimal(0))

    if evaluation_date <= grace_end or unpaid_on(grace_end) <= 0:
        return Decimal(0)
    first_day = due_date + timedelta(days=1) if start == "due" else grace_end + timedelta(days=1)
    # The base changes only on payment days: sum base × days over those segments.
    changes = sorted({day for day, _amount in paid if first_day < day <= evaluation_date})
    amount_days = Decimal(0)
    segment_start = first_day
    for change in changes + [evaluation_date + timedelta(days=1)]:
        days = (change - segment_start).days
        if days > 0:
            amount_days += unpaid_on(segment_start) * days
        segment_start = change
    penalty = amount_days * Decimal(str(rate))
    if cap_percent:
        penalty = min(penalty, principal * Decimal(str(cap_percent)) / 100)
    return penalty.quantize(Decimal(rounding), rounding=ROUND_HALF_UP)
