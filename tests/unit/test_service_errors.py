import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smartskin_gui.core import errors as e
from smartskin_gui.core.cloud.answers import CODE_TABLE, find_credits, parse_enhance_answer
from smartskin_gui.emulator.app import CODE_STATUS


def answer(status_code=200, code="", error_code=None, data=None):
    return json.dumps(
        {
            "request_id": "R1",
            "log_id": "L1",
            "error_code": status_code
            if error_code is None and status_code != 200
            else (error_code or 0),
            "error_code_str": code,
            "error_msg": "",
            "error_detail": {
                "status_code": status_code,
                "code": code,
                "code_message": "",
                "message": "",
            },
            "data": data if data is not None else {},
        }
    ).encode()


def test_success_returns_the_url():
    body = answer(data={"image_url": "https://cdn.example/r.jpg"})
    assert parse_enhance_answer(200, body) == "https://cdn.example/r.jpg"


def test_every_documented_code_is_known_and_typed():
    assert set(CODE_TABLE) == set(CODE_STATUS)  # the emulator and client share the table


@pytest.mark.parametrize("code", sorted(CODE_STATUS))
@pytest.mark.parametrize("legacy", [False, True])
def test_each_code_maps_to_its_error(code, legacy):
    status = CODE_STATUS[code]
    with pytest.raises(e.ServiceError) as err:
        parse_enhance_answer(200 if legacy else status, answer(status, code))
    assert err.value.code == code
    assert err.value.message and "Traceback" not in err.value.message
    cls = CODE_TABLE[code][0]
    assert isinstance(err.value, cls)
    retry_expected = code == "EXCEEDING_LIMITS" or status >= 500
    assert err.value.retryable == retry_expected, code


def test_credits_and_key_errors_are_never_retried():
    for code in ("ERROR_NOT_ENOUGH_CREDITS", "ERROR_USER_NOT_EXISTS"):
        with pytest.raises(e.ServiceError) as err:
            parse_enhance_answer(CODE_STATUS[code], answer(CODE_STATUS[code], code))
        assert not err.value.retryable


def test_unknown_code_falls_back_on_status_class():
    with pytest.raises(e.BusyError):
        parse_enhance_answer(503, answer(503, "SOMETHING_NEW"))
    with pytest.raises(e.ServerError):
        parse_enhance_answer(507, answer(507, "SOMETHING_NEW"))
    with pytest.raises(e.AuthError):
        parse_enhance_answer(401, answer(401, ""))


def test_http_200_with_error_code_is_an_error():
    body = json.dumps({"error_code": 422, "error_code_str": "ERROR_NO_FACE_IN_FILE"}).encode()
    with pytest.raises(e.BadPhotoError) as err:
        parse_enhance_answer(200, body)
    assert "No face" in err.value.message


@pytest.mark.parametrize(
    "body, words",
    [
        (b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", "web page"),
        (b'{"error_code": 0, "data": {"image_u', "incomplete"),
        (b"", "empty"),
    ],
)
def test_non_json_bodies_get_a_clear_message(body, words):
    with pytest.raises(e.BadResponseError) as err:
        parse_enhance_answer(502, body)
    assert words in err.value.message


@pytest.mark.parametrize("data", [{}, {"image_url": ""}, {"image_url": 5}, None, []])
def test_success_without_a_url_is_an_error(data):
    body = json.dumps({"error_code": 0, "data": data}).encode()
    with pytest.raises(e.BadResponseError):
        parse_enhance_answer(200, body)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)


@given(st.integers(min_value=100, max_value=599), json_values)
def test_fuzzed_json_answers_never_crash(status, obj):
    try:
        url = parse_enhance_answer(status, json.dumps(obj).encode())
    except e.SmartSkinError as err:
        assert err.message
    else:
        assert status == 200 and isinstance(url, str) and url


@given(st.integers(min_value=100, max_value=599), st.binary(max_size=200))
def test_fuzzed_bytes_never_crash(status, body):
    try:
        parse_enhance_answer(status, body)
    except e.SmartSkinError:
        pass


@given(json_values)
def test_credit_parsing_is_lenient(obj):
    found = find_credits({"data": obj})
    assert all(isinstance(v, float) for v in found.values())


def test_credit_parsing_finds_inconsistent_names():
    assert find_credits({"data": {"remaining_credits": "40"}}) == {"remaining_credits": 40.0}
    assert find_credits({"data": {"pools": [{"balance": 7}]}}) == {"pools[0].balance": 7.0}
