"""The session's one stale check, on its own (no Qt)."""

from __future__ import annotations

import numpy as np

from smartskin_gui.core.params import Params
from smartskin_gui.core.state.session import PhotoSession

A, B = Params(0.5, 1.0), Params(0.7, 1.0)


def opened(params: Params = A, engine: str = "local") -> PhotoSession:
    s = PhotoSession(params, engine)
    s.open("a.jpg")
    return s


def test_only_the_current_photo_settings_and_engine_are_shown():
    s = opened()
    assert not s.accept("b.jpg", A, "local", full=False)
    assert not s.accept("a.jpg", B, "local", full=False)
    assert not s.accept("a.jpg", A, "cloud", full=True)
    assert s.accept("a.jpg", A, "local", full=False)


def test_with_the_cloud_chosen_local_previews_show_until_the_paid_result_does():
    s = opened(engine="cloud")
    assert s.live and s.paid
    assert s.accept("a.jpg", A, "local", full=True) and not s.shows_paid_result()
    assert s.accept("a.jpg", A, "cloud", full=True) and s.shows_paid_result()
    assert not s.accept("a.jpg", A, "local", full=True)  # never replaces the paid result
    s.set_params(B)
    assert not s.shows_paid_result() and s.accept("a.jpg", B, "local", full=False)


def test_a_preview_never_replaces_the_full_result_of_the_same_settings():
    s = opened()
    assert s.accept("a.jpg", A, "local", full=True)
    assert not s.accept("a.jpg", A, "local", full=False)
    s.set_params(B)
    assert s.accept("a.jpg", B, "local", full=False)


def test_opening_another_photo_forgets_the_last_one():
    s = opened()
    s.preview = np.zeros((4, 6, 3), np.uint8)
    assert s.accept("a.jpg", A, "local", full=True)
    assert s.open("b.jpg") and not s.open("b.jpg")
    assert (s.preview, s.photo, s.shown) == (None, None, None)
    assert not s.is_current("a.jpg")


def test_changing_engine_forgets_what_is_shown():
    s = opened()
    s.accept("a.jpg", A, "local", full=True)
    assert s.set_engine("cloud") and s.shown is None and s.paid
    assert not s.set_engine("cloud")
