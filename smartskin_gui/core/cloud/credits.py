"""Paid calls counted: how many were made, the credits they spent, and an optional limit.

One :class:`CreditMeter` per run (the CLI) or per app session (the window). A call first
reserves its price, so several calls in flight can never go over the limit together.
Thread-safe; no Qt.
"""

import threading

from ..errors import CreditLimitError

PRICE = 5  # credits a successful cloud call costs


def cost_text(photos: int, remaining: int | None, already_paid: int = 0, faces: int = 0) -> str:
    """The question before paying, counting only the renders that will really be paid:
    ``"10 photos, 50 credits, 950 credits left - Go on?"``, or with 6 of them in the
    paid-results cache ``"10 photos, 6 already paid, 4 to pay: 20 credits, 950 credits
    left - Go on?"``. ``faces``: renders more for faces with strengths of their own (each
    costs a call, and is counted and named)."""
    if faces:
        text = cost_text(photos + faces, remaining, already_paid)
        own = "face" if faces == 1 else "faces"
        return text.replace(
            f"{photos + faces} photos",
            f"{photos} photos and {faces} {own} with settings of "
            f"their own ({photos + faces} renders)",
            1,
        )
    plural = "photo" if photos == 1 else "photos"
    left = "an unknown number of credits left" if remaining is None else f"{remaining} credits left"
    paid = min(max(0, already_paid), photos)
    if paid == 0:
        return f"{photos} {plural}, {PRICE * photos} credits, {left} - Go on?"
    if paid == photos:
        every = "already paid" if photos == 1 else "all already paid"
        return f"{photos} {plural}, {every}: no credits, {left} - Go on?"
    to_pay = photos - paid
    return (
        f"{photos} {plural}, {paid} already paid, {to_pay} to pay: {PRICE * to_pay} credits, "
        f"{left} - Go on?"
    )


class CreditMeter:
    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit  # the most credits this meter lets be spent; None: no limit
        self._lock = threading.Lock()
        self._reserved = 0
        self.calls = 0  # paid calls that succeeded
        self.spent = 0  # credits those calls spent

    def reserve(self) -> None:
        """Before a paid call: raises :class:`CreditLimitError` if it could go over the limit."""
        with self._lock:
            if self.limit is not None and self.spent + self._reserved + PRICE > self.limit:
                raise CreditLimitError()
            self._reserved += PRICE

    def settle(self, paid: bool) -> None:
        """After the call: ``paid`` if the service billed it (it succeeded)."""
        with self._lock:
            self._reserved -= PRICE
            if paid:
                self.calls += 1
                self.spent += PRICE

    def summary(self) -> str:
        plural = "call" if self.calls == 1 else "calls"
        return f"{self.calls} paid {plural}, {self.spent} credits spent"


_session = CreditMeter()


def shared_meter() -> CreditMeter:
    """The meter of this process (the window's session total)."""
    return _session
