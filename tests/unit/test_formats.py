"""The one format table: what Save As and Open offer."""

from __future__ import annotations

from smartskin_gui.core.io import formats


def test_save_as_offers_every_writable_format_including_bmp():
    assert "BMP (*.bmp)" in formats.SAVE_FILTERS
    offered = {s for f in formats.SAVE_FILTERS for s in f[f.index("(") + 1 : -1].split()}
    assert offered == {f"*{s}" for s in formats.FORMAT_BY_SUFFIX}
    assert "*.heic" in formats.OPEN_FILTER and not any("HEIC" in f for f in formats.SAVE_FILTERS)
