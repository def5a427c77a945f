"""The two strengths, validated once, before any work or network call."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .errors import ParameterError

MIN_STRENGTH = 0.0
MAX_STRENGTH = 1.5
DEFAULT_STRENGTH = 1.0


def parse_strength(value: Any, name: str) -> float:
    """Return ``value`` as a float in [0, 1.5] or raise :class:`ParameterError`.

    Accepts ints, floats and numeric strings ("0.35", " 1 "). Refuses bools, NaN,
    infinities, out-of-range values and anything that is not a number.
    """
    label = name.capitalize()
    if isinstance(value, bool):
        raise ParameterError(f"{label} must be a number from 0 to 1.5, not {value}.")
    if isinstance(value, str):
        text = value.strip()
        try:
            number = float(text)
        except ValueError:
            raise ParameterError(
                f"{label} must be a number from 0 to 1.5; {value!r} is not a number."
            ) from None
    elif isinstance(value, int | float):
        number = float(value)
    else:
        raise ParameterError(f"{label} must be a number from 0 to 1.5.")
    if not math.isfinite(number):
        raise ParameterError(f"{label} must be a number from 0 to 1.5, not {number}.")
    if not MIN_STRENGTH <= number <= MAX_STRENGTH:
        raise ParameterError(f"{label} must be from 0 to 1.5; {number:g} is out of range.")
    return number


def format_strength(value: float) -> str:
    """The short decimal string sent to the service: 1.0 -> "1.0", 0.35 -> "0.35"."""
    rounded = round(value, 2)
    text = f"{rounded:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


@dataclass(frozen=True, slots=True)
class Params:
    """Retouch (skin smoothing) and whitening (skin brightening), each in [0, 1.5]."""

    retouch: float = DEFAULT_STRENGTH
    whitening: float = DEFAULT_STRENGTH

    def __post_init__(self) -> None:
        # Normalise to two decimals: that is the UI's step and what the service receives,
        # so equal-looking settings are equal keys for the cache.
        object.__setattr__(self, "retouch", round(parse_strength(self.retouch, "retouch"), 2))
        object.__setattr__(self, "whitening", round(parse_strength(self.whitening, "whitening"), 2))

    @classmethod
    def parse(cls, retouch: Any = DEFAULT_STRENGTH, whitening: Any = DEFAULT_STRENGTH) -> Params:
        return cls(parse_strength(retouch, "retouch"), parse_strength(whitening, "whitening"))

    def form_fields(self) -> dict[str, str]:
        """The multipart text fields of the service request."""
        return {
            "retouch_degree": format_strength(self.retouch),
            "whitening_degree": format_strength(self.whitening),
        }

    @property
    def is_identity(self) -> bool:
        return self.retouch == 0.0 and self.whitening == 0.0

    def label(self) -> str:
        return f"retouch {self.retouch:.2f} · brighten {self.whitening:.2f}"


#: The built-in looks, gentlest first; the comparison view starts from these.
PRESETS: dict[str, Params] = {
    "Soft": Params(0.5, 0.3),
    "Natural": Params(1.0, 1.0),
    "Glamour": Params(1.5, 1.2),
}
