"""Batch progress text: N of M, elapsed, time left at the pace so far."""

import pytest

from smartskin_gui.core.batch.eta import BatchClock, estimate_remaining, format_duration


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (7.4, "0:07"), (59.6, "1:00"), (750, "12:30"), (3723, "1:02:03"), (-3, "0:00")],
)
def test_format_duration(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text


def test_estimate_uses_the_average_pace() -> None:
    assert estimate_remaining(0, 10, 5.0) is None
    assert estimate_remaining(2, 10, 4.0) == pytest.approx(16.0)
    assert estimate_remaining(10, 10, 4.0) == 0


def test_clock_texts() -> None:
    now = [100.0]
    clock = BatchClock(30, clock=lambda: now[0])
    assert clock.count_text(0) == "0 of 30"
    assert clock.time_text(0) == "0:00 elapsed · estimating time left"
    now[0] = 112.0
    assert clock.time_text(3) == "0:12 elapsed · about 1:48 left"
    now[0] = 220.0
    assert clock.time_text(30) == "2:00 elapsed"
    assert clock.count_text(30) == "30 of 30"
