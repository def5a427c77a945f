"""Counting paid calls, and a limit that several calls in flight cannot overshoot together."""

from __future__ import annotations

import pytest

from smartskin_gui.core.cloud.credits import PRICE, CreditMeter, cost_text
from smartskin_gui.core.errors import CreditLimitError


def test_reservations_count_against_the_limit_and_only_successes_are_spent():
    meter = CreditMeter(limit=2 * PRICE + 1)
    meter.reserve()
    meter.reserve()  # two in flight
    with pytest.raises(CreditLimitError):
        meter.reserve()  # a third could go over
    meter.settle(paid=False)  # one failed: not billed, its reservation is free again
    meter.reserve()
    meter.settle(paid=True)
    meter.settle(paid=True)
    assert (meter.calls, meter.spent) == (2, 2 * PRICE)
    assert meter.summary() == f"2 paid calls, {2 * PRICE} credits spent"
    with pytest.raises(CreditLimitError):
        meter.reserve()


def test_no_limit_and_the_question_before_paying():
    meter = CreditMeter()
    for _ in range(100):
        meter.reserve()
    assert cost_text(10, 950) == f"10 photos, {10 * PRICE} credits, 950 credits left - Go on?"
    assert cost_text(1, None).startswith(f"1 photo, {PRICE} credits, an unknown number")


def test_the_question_counts_only_the_photos_really_paid():
    assert cost_text(10, 950, already_paid=6) == (
        f"10 photos, 6 already paid, 4 to pay: {4 * PRICE} credits, 950 credits left - Go on?"
    )
    assert cost_text(10, 950, already_paid=10) == (
        "10 photos, all already paid: no credits, 950 credits left - Go on?"
    )
    assert cost_text(1, None, already_paid=1).startswith("1 photo, already paid: no credits")
    assert cost_text(3, 950, already_paid=0) == cost_text(3, 950)
