import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartskin_gui.core.errors import ParameterError
from smartskin_gui.core.params import Params, format_strength, parse_strength


@pytest.mark.parametrize(
    "value, expected",
    [
        (0, 0.0),
        (1.5, 1.5),
        ("0.35", 0.35),
        (" 1 ", 1.0),
        (1, 1.0),
        ("1e-1", 0.1),
    ],
)
def test_accepts_numbers_in_range(value, expected):
    assert parse_strength(value, "retouch") == pytest.approx(expected)


@pytest.mark.parametrize(
    "value",
    [
        float("nan"),
        float("inf"),
        -float("inf"),
        -0.01,
        1.51,
        "abc",
        "",
        None,
        True,
        [1],
        "nan",
    ],
)
def test_refuses_bad_values_with_a_sentence(value):
    with pytest.raises(ParameterError) as err:
        parse_strength(value, "retouch")
    assert "Retouch" in err.value.message and "1.5" in err.value.message


def test_defaults_and_wire_format():
    p = Params()
    assert (p.retouch, p.whitening) == (1.0, 1.0)
    assert p.form_fields() == {"retouch_degree": "1.0", "whitening_degree": "1.0"}
    assert Params(0.35, 0).form_fields() == {"retouch_degree": "0.35", "whitening_degree": "0.0"}
    assert Params(0, 0).is_identity and not Params(0, 0.01).is_identity


def test_params_are_frozen_and_validated():
    with pytest.raises(ParameterError):
        Params(2.0, 1.0)
    with pytest.raises(AttributeError):
        Params().retouch = 0.5  # type: ignore[misc]


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_is_accepted_in_range_or_refused(x):
    try:
        v = parse_strength(x, "whitening")
    except ParameterError:
        assert not (math.isfinite(x) and 0 <= x <= 1.5)
    else:
        assert 0 <= v <= 1.5 and v == x


@given(st.floats(min_value=0, max_value=1.5))
def test_wire_string_round_trips_to_two_decimals(x):
    text = format_strength(x)
    assert len(text) <= 4 and "e" not in text
    assert parse_strength(text, "retouch") == pytest.approx(round(x, 2), abs=1e-9)


@given(st.text(max_size=12))
def test_any_text_is_parsed_or_refused_cleanly(s):
    try:
        v = parse_strength(s, "retouch")
    except ParameterError:
        return
    assert 0 <= v <= 1.5
