"""The format table agrees with what the reader and the writer accept."""

from __future__ import annotations

from smartskin_gui.core import formats, imageio, saving


def test_the_table_matches_the_reader_and_the_writer():
    assert set(formats.READ_SUFFIXES) == set(imageio.SUPPORTED_SUFFIXES)
    assert formats.FORMAT_BY_SUFFIX == saving.FORMAT_BY_SUFFIX
    assert formats.SUFFIX_BY_FORMAT == saving.SUFFIX_BY_FORMAT


def test_save_as_offers_every_writable_format_including_bmp():
    assert "BMP (*.bmp)" in formats.SAVE_FILTERS
    offered = {s for f in formats.SAVE_FILTERS for s in f[f.index("(") + 1 : -1].split()}
    assert offered == {f"*{s}" for s in saving.FORMAT_BY_SUFFIX}
    assert "*.heic" in formats.OPEN_FILTER and not any("HEIC" in f for f in formats.SAVE_FILTERS)
