"""The main window driven like a photographer would, through the objectNames."""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSlider,
)

from smartskin_gui.core.errors import Action
from smartskin_gui.core.params import Params
from smartskin_gui.core.resources import sample_path
from smartskin_gui.emulator.app import Fault
from smartskin_gui.ui.dialogs.settings_dialog import SettingsDialog
from smartskin_gui.workers.convert import from_qimage
from smartskin_gui.workers.photo_jobs import RenderPreview
from smartskin_gui.workers.thumbnails import MakeThumbnail
from tests.gui.conftest import drop_paths

TIMEOUT = 30000


def full_result(window, qtbot, params: Params | None = None):
    """Wait for the full-resolution result (of ``params`` if given)."""

    def check(path, p, image, full, *_):
        return full and (params is None or p == params)

    with qtbot.waitSignal(
        window.processor.resultReady, timeout=TIMEOUT, check_params_cb=check
    ) as blocker:
        pass
    return blocker.args


def open_and_wait(window, qtbot, path: Path, params: Params | None = None):
    with qtbot.waitSignal(
        window.processor.resultReady,
        timeout=TIMEOUT,
        check_params_cb=lambda _p, pp, _i, full, *_: full and (params is None or pp == params),
    ) as blocker:
        window.open_paths([path])
    return blocker.args


def test_objects_are_named(window):
    for name, kind in (
        ("retouchSlider", QSlider),
        ("whiteningSlider", QSlider),
        ("retouchSpin", QDoubleSpinBox),
        ("whiteningSpin", QDoubleSpinBox),
        ("engineCombo", QComboBox),
    ):
        assert window.findChild(kind, name) is not None, name
    assert window.objectName() == "mainWindow"
    assert window.findChild(object, "splitView") is window.split_view
    assert window.findChild(object, "compareView") is window.compare_view
    assert {a.objectName() for a in window.actions()} >= {"openAction", "saveAction"}
    # Without a key, a fresh install uses the local engine.
    assert window.findChild(QComboBox, "engineCombo").currentData() == "local"


def test_drop_onto_the_image_area_shows_preview_then_result(window, qtbot, portrait):
    with qtbot.waitSignal(window.processor.previewReady, timeout=TIMEOUT):
        assert drop_paths(window.split_view.viewport(), [portrait])
    assert window.split_view.has_image()
    _, params, image, full, full_image = full_result(window, qtbot)
    assert full and params == Params(1.0, 1.0)
    assert (image.width(), image.height()) == (512, 512)
    assert (full_image.width(), full_image.height()) == (512, 512)
    shown = from_qimage(window.split_view.item.after.toImage())
    original = np.asarray(Image.open(portrait).convert("RGB"))
    assert shown.shape == original.shape and not np.array_equal(shown, original)
    assert window.filmstrip.count() == 1


def test_sliders_and_spins_stay_in_sync_and_drive_processing(window, qtbot, portrait):
    open_and_wait(window, qtbot, portrait)
    slider = window.findChild(QSlider, "retouchSlider")
    spin = window.findChild(QDoubleSpinBox, "retouchSpin")
    slider.setValue(40)
    assert spin.value() == pytest.approx(0.40)
    window.findChild(QDoubleSpinBox, "whiteningSpin").setValue(0.25)
    assert window.findChild(QSlider, "whiteningSlider").value() == 25
    _, params, *_ = full_result(window, qtbot, Params(0.4, 0.25))
    assert window.processor.params == params
    # Keyboard steps, and double click resets to the default.
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert spin.value() == pytest.approx(0.41)
    qtbot.mouseDClick(slider, Qt.MouseButton.LeftButton)
    assert spin.value() == pytest.approx(1.0)


def test_live_drag_renders_previews_and_drops_stale_results(window, qtbot, portrait, monkeypatch):
    open_and_wait(window, qtbot, portrait)
    p = window.processor
    qtbot.waitUntil(lambda: not p.runner.jobs(), timeout=TIMEOUT)  # the opening renders ended
    shown: list[tuple[Params, bool]] = []
    p.resultReady.connect(lambda _p, params, _i, full, *_: shown.append((params, full)))
    previews: list[Params] = []
    start = p.runner.start

    def counting_start(job):
        if isinstance(job, RenderPreview):
            previews.append(job.params)
        return start(job)

    monkeypatch.setattr(p.runner, "start", counting_start)
    slider = window.findChild(QSlider, "retouchSlider")
    slider.setSliderDown(True)  # a drag: ten ticks before the first render can come back
    for value in range(100, 20, -8):
        slider.setValue(value)
    slider.setSliderDown(False)
    slider.sliderReleased.emit()
    final = Params(0.28, 1.0)
    full_result(window, qtbot, final)
    qtbot.waitUntil(lambda: not p.runner.jobs(), timeout=TIMEOUT)
    # Coalesced: the first tick's render, then only the latest setting (once or twice).
    assert previews[0] == Params(0.92, 1.0) and set(previews[1:]) == {final}, previews
    # The first tick's render came back stale and was dropped; the result is shown last.
    assert {params for params, _ in shown} == {final} and shown[-1] == (final, True)


def test_save_writes_next_to_the_original_and_never_over_it(window, qtbot, portrait):
    open_and_wait(window, qtbot, portrait)
    before = portrait.read_bytes()
    with qtbot.waitSignal(window.processor.saved, timeout=TIMEOUT) as saved:
        window.save_action.trigger()
    out = Path(saved.args[0])
    assert out == portrait.with_name("portrait_smartskin.jpg") and out.is_file()
    assert Image.open(out).size == (512, 512)
    assert "Saved to" in window.statusBar().currentMessage()
    # Nothing in the status bar keeps saying the save is under way once it is done.
    assert window.results.progress_label.text() == ""
    with qtbot.waitSignal(window.processor.saved, timeout=TIMEOUT) as again:
        window.save_action.trigger()
    assert Path(again.args[0]).name == "portrait_smartskin-2.jpg"
    assert portrait.read_bytes() == before


def test_save_before_the_full_result_computes_it(window, qtbot, portrait):
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT):
        window.open_paths([portrait])  # the photo starts loading
    with qtbot.waitSignal(window.processor.saved, timeout=TIMEOUT) as saved:
        window.save_action.trigger()
    assert Path(saved.args[0]).is_file()


def test_folders_and_bad_files(window, qtbot, tmp_path):
    shutil.copyfile(sample_path("astronaut.jpg"), tmp_path / "a.jpg")
    shutil.copyfile(sample_path("grace_hopper.jpg"), tmp_path / "b.jpg")
    (tmp_path / "notes.txt").write_text("hello")
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT) as opened:
        window.open_paths([tmp_path])
    assert opened.args == [2] and window.filmstrip.count() == 2
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"\xff\xd8\xff\xe0 nope")
    with qtbot.waitSignal(window.processor.photoFailed, timeout=TIMEOUT):
        window.open_paths([broken, tmp_path / "notes.txt"])
    # The view says why nothing is shown (not "Drop portraits here" with photos open), and
    # no zoom figure of the last photo stays in the status bar. Said once: the message bar
    # does not repeat the view's sentence.
    assert window.split_view.empty_text.startswith("broken.jpg cannot be shown.")
    assert "Copy it again" in window.split_view.empty_text
    assert not (window.message.isVisible() and "Copy it again" in window.message.label.text())
    assert "Drop portraits" not in window.split_view.empty_text
    assert window.zoom_label.text() == ""
    # Nothing to edit on a photo nobody can see: no strengths, no sync from it.
    spin = window.findChild(QDoubleSpinBox, "retouchSpin")
    sync = window.findChild(QPushButton, "syncAllButton")
    compare = window.compare_view
    assert not spin.isEnabled() and not sync.isEnabled()
    assert not compare.add_button.isEnabled()
    assert not any(t.use_button.isEnabled() for t in compare.tiles)
    assert not window.keys.copy_action.isEnabled()  # nothing copied from it to paste
    window.filmstrip.select(tmp_path / "a.jpg")
    qtbot.waitUntil(lambda: window.split_view.item.before is not None, timeout=TIMEOUT)
    assert spin.isEnabled() and sync.isEnabled() and compare.add_button.isEnabled()
    assert window.keys.copy_action.isEnabled()
    # Known not to open: off from the moment it is selected, not once it fails again.
    window.filmstrip.select(broken.resolve())
    assert not spin.isEnabled()
    window.filmstrip.select(tmp_path / "a.jpg")
    assert spin.isEnabled()


def test_comparison_of_a_photo_that_cannot_be_opened_waits_for_nothing(window, qtbot, tmp_path):
    """With the comparison on screen, selecting a damaged photo after a good one: nothing of
    the good photo stays in the tiles, none of them waits for a render, and the bar says
    which photo cannot be shown."""
    shutil.copyfile(sample_path("astronaut.jpg"), tmp_path / "a.jpg")
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe0 nope")
    window.tabs.setCurrentWidget(window.compare_view)
    view = window.compare_view
    open_and_wait(window, qtbot, tmp_path / "a.jpg")
    qtbot.waitUntil(
        lambda: all(not t.view.pix.pixmap().isNull() for t in view.tiles), timeout=TIMEOUT
    )
    with qtbot.waitSignal(window.processor.photoFailed, timeout=TIMEOUT):
        window.open_paths([tmp_path / "broken.jpg"])
    assert len(view.tiles) > 1 and all(t.view.pix.pixmap().isNull() for t in view.tiles)
    assert not any(t.status.text() for t in view.tiles)
    assert "broken.jpg cannot be shown" in view.hint.full_text
    # The comparison's bar only names the photo: the message bar says why.
    assert window.message.isVisible() and "Copy it again" in window.message.label.text()


def test_split_view_divider_zoom_and_original_key(window, qtbot, portrait):
    open_and_wait(window, qtbot, portrait)
    view = window.split_view
    view.fit()
    x = round(view._divider_x())
    y = view.viewport().height() // 2
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, y))
    qtbot.mouseMove(view.viewport(), QPoint(x - 60, y))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x - 60, y))
    assert view.split < 0.5
    view.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(1 / view.devicePixelRatioF())
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() > 1 / view.devicePixelRatioF()
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view._fit
    qtbot.keyPress(view, Qt.Key.Key_Backslash)  # a tap: the original until the next tap
    qtbot.keyRelease(view, Qt.Key.Key_Backslash)
    assert view.item.show_original
    qtbot.keyClick(view, Qt.Key.Key_Backslash)
    assert not view.item.show_original


def test_compare_view_renders_each_variant(window, qtbot, portrait):
    open_and_wait(window, qtbot, portrait)
    window.tabs.setCurrentWidget(window.compare_view)
    got = []
    window.processor.variantReady.connect(lambda tag, params, img: got.append(params))
    window.compare_view.set_variants([Params(0.2, 0.2), Params(1.4, 0.6)])
    wanted = {Params(0.2, 0.2), Params(1.4, 0.6)}
    qtbot.waitUntil(lambda: wanted <= set(got), timeout=TIMEOUT)
    assert all(not t.status.text() for t in window.compare_view.tiles)
    window.compare_view.tiles[2].use.emit(Params(1.4, 0.6))
    assert window.params() == Params(1.4, 0.6)


def test_settings_survive_a_restart(make_window, qtbot, portrait):
    first = make_window()
    assert first.params() == Params() and first.photos.presets_box.combo.currentText() == "Natural"
    open_and_wait(first, qtbot, portrait)
    first.findChild(QDoubleSpinBox, "retouchSpin").setValue(0.3)
    first.findChild(QDoubleSpinBox, "whiteningSpin").setValue(1.2)
    first.resize(1000, 700)
    first.split_view.set_split(0.3)
    first.quit_guard.confirmed = True  # edited, not exported: no question in this test
    first.close()
    second = make_window()  # the photo comes back, with its settings
    qtbot.waitUntil(lambda: second.params() == Params(0.3, 1.2), timeout=TIMEOUT)
    assert second.photos.presets_box.combo.currentIndex() == -1  # "Custom", not a preset
    assert second.split_view.split == pytest.approx(0.3)


def test_quitting_cancels_and_waits_for_workers(make_window, qtbot, tmp_path):
    big = Image.open(sample_path("astronaut.jpg")).resize((4000, 4000))
    path = tmp_path / "big.jpg"
    big.save(path)
    w = make_window()
    runner = w.processor.runner
    ended: dict[int, str] = {}  # recorded on the worker thread, as each job ends
    runner.signals.finished.connect(
        lambda i, _: ended.setdefault(i, "finished"), Qt.DirectConnection
    )
    runner.signals.cancelled.connect(
        lambda i: ended.setdefault(i, "cancelled"), Qt.DirectConnection
    )
    with qtbot.waitSignal(runner.progress, timeout=TIMEOUT):
        w.open_paths([path])  # the 16 MP render reports progress once it runs
    renders = [i for i, job in runner.in_flight().items() if job.cancellable]
    w.close()  # while that render runs
    assert runner.pool.activeThreadCount() == 0
    assert renders and all(ended.get(i) in ("cancelled", None) for i in renders)  # stopped
    assert "cancelled" in [ended.get(i) for i in renders]  # the running one, not waited for


# --- cloud engine, against the emulator over loopback -------------------------------------------


@pytest.fixture
def cloud_env(monkeypatch, emulator):
    monkeypatch.setenv("SMARTSKIN_API_URL", emulator.url)
    monkeypatch.setenv("SMARTSKIN_API_KEY", "demo-key")
    return emulator


def test_cloud_mode_previews_locally_and_pays_only_on_request(cloud_env, window, qtbot, tmp_path):
    from tests.shoot import make_shoot

    combo = window.findChild(QComboBox, "engineCombo")
    assert combo.currentData() == "cloud"  # a key is set: cloud by default
    photos = make_shoot(tmp_path / "shoot", 5)
    open_and_wait(window, qtbot, tmp_path / "shoot")
    strip = window.findChild(QListWidget, "filmstrip")
    for row in (1, 2, 3, 4, 0):  # clicking through the shoot, moving a slider: nothing paid
        with qtbot.waitSignal(window.processor.resultReady, timeout=TIMEOUT):
            strip.setCurrentRow(row)
    window.findChild(QDoubleSpinBox, "retouchSpin").setValue(0.5)
    full_result(window, qtbot, Params(0.5, 1.0))
    assert cloud_env.emulator.stats["enhance_calls"] == 0 and len(photos) == 5
    assert "local engine" in window.cloud_render.note.text()
    button = window.findChild(QPushButton, "cloudRenderButton")
    assert button.isEnabled() and button.text() == "Render with cloud - 5 credits"
    with qtbot.waitSignal(
        window.processor.resultReady,
        timeout=TIMEOUT,
        check_params_cb=lambda *a: window.processor.session.shows_paid_result(),
    ):
        button.click()
    assert cloud_env.emulator.stats["enhance_calls"] == 1
    assert not button.isEnabled()  # the shown result is the cloud's for these settings
    qtbot.waitUntil(lambda: "spent this session" in window.credits.text(), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: window.credits.remaining is not None, timeout=TIMEOUT)


def test_cloud_wrong_key_offers_settings(cloud_env, monkeypatch, window, qtbot, portrait):
    monkeypatch.setenv("SMARTSKIN_API_KEY", "wrong-key")
    open_and_wait(window, qtbot, portrait)
    with qtbot.waitSignal(window.processor.failed, timeout=TIMEOUT) as failed:
        window.findChild(QPushButton, "cloudRenderButton").click()
    assert failed.args[0].code == "ERROR_USER_NOT_EXISTS"
    assert cloud_env.emulator.stats["enhance_calls"] == 1  # never retried
    assert window.message.isVisible() and "API key" in window.message.label.text()
    assert window.message.buttons[Action.OPEN_SETTINGS].isVisibleTo(window)
    assert "wrong-key" not in window.message.label.text()


def test_choosing_the_cloud_without_a_key_says_where_to_enter_one(monkeypatch, window, qtbot):
    """No key yet: the window points to Settings (not to the command line's variable), and
    the status bar says there is no key instead of waiting for credits forever."""
    monkeypatch.delenv("SMARTSKIN_API_KEY", raising=False)
    combo = window.findChild(QComboBox, "engineCombo")
    combo.setCurrentIndex(combo.findData("cloud"))
    text = window.message.label.text()
    assert window.message.isVisible() and "Settings" in text
    assert "smartskin-cli" not in text and "SMARTSKIN_" not in text
    assert window.message.buttons[Action.OPEN_SETTINGS].isVisibleTo(window)
    assert "no API key" in window.credits.text()
    window.credits.remaining = 120  # a count an earlier key had: not this one's
    window.credits.refresh()
    assert window.credits.remaining is None and "no API key" in window.credits.text()


def test_cloud_busy_then_success(cloud_env, window, qtbot, portrait):
    cloud_env.emulator.add_fault(Fault("error", count=2, code="AI_SERVICE_FLOW_RESTRICTION"))
    open_and_wait(window, qtbot, portrait)
    with qtbot.waitSignal(
        window.processor.resultReady,
        timeout=TIMEOUT,
        check_params_cb=lambda *a: window.processor.session.shows_paid_result(),
    ):
        window.findChild(QPushButton, "cloudRenderButton").click()
    assert cloud_env.emulator.stats["enhance_calls"] == 3
    assert not window.message.isVisible()


def test_cloud_without_key_explains_and_offers_local(
    monkeypatch, emulator, window, qtbot, portrait
):
    combo = window.findChild(QComboBox, "engineCombo")
    combo.setCurrentIndex(combo.findData("cloud"))
    assert window.message.isVisible() and "API key" in window.message.label.text()
    window.message.buttons[Action.USE_LOCAL].click()
    assert combo.currentData() == "local"


def test_settings_dialog_tests_and_stores_the_key(emulator, monkeypatch, window, qtbot):
    monkeypatch.setenv("SMARTSKIN_API_URL", emulator.url)
    dialog = SettingsDialog(window.store, window.settings, window)
    assert not dialog.url_edit.isEnabled() and dialog.url_edit.text() == emulator.url
    assert dialog.objectName() == "settingsDialog"
    edit = dialog.findChild(QLineEdit, "apiKeyEdit")
    assert edit.echoMode() == QLineEdit.EchoMode.Password
    edit.setText("demo-key")
    with qtbot.waitSignal(dialog.tested, timeout=TIMEOUT):
        dialog.test_button.click()
    assert "Credits left" in dialog.test_result.text()
    edit.setText("bad-key")
    with qtbot.waitSignal(dialog.tested, timeout=TIMEOUT):
        dialog.test_button.click()
    assert "not accepted" in dialog.test_result.text()
    edit.setText("demo-key")
    dialog.accept()
    assert window.store.stored_api_key() == "demo-key"
    # The env value is used but not persisted; the dialog leaves the window's settings alone.
    assert dialog.chosen()[0] == "https://www.ailabapi.com"
    assert window.settings.api_url == "https://www.ailabapi.com"


def test_nothing_starts_after_quitting(make_window, qtbot, portrait):
    w = make_window()
    with qtbot.waitSignal(w.photosOpened, timeout=TIMEOUT):
        w.open_paths([portrait])  # queues thumbnails for later
    assert w.filmstrip.timer.isActive()
    w.close()
    assert not w.filmstrip.timer.isActive()
    ran: list[str] = []
    assert not w.filmstrip.thumbs.start(MakeThumbnail(str(portrait), ran.append))
    assert not w.processor.runner.start(MakeThumbnail(str(portrait), ran.append))
    assert not w.processor.runner.jobs() and not ran  # every job ended, none ran after


@pytest.mark.parametrize(
    "typed, chosen, expected",
    [
        ("look", "PNG (*.png)", "look.png"),
        ("look.tif", "JPEG (*.jpg *.jpeg)", "look.tif"),
        ("look.v2", "WebP (*.webp)", "look.v2.webp"),
        ("look", "", "look.jpg"),
    ],
)
def test_save_as_adds_the_chosen_format(typed, chosen, expected):
    from smartskin_gui.ui.dialogs.save_dialog import with_filter_suffix

    assert with_filter_suffix(Path("/x") / typed, chosen).name == expected


def choose_in_save_as(monkeypatch, path: Path, name_filter: str, **options) -> None:
    """Make the Save As dialog answer as a user typing ``path`` and picking ``name_filter``."""
    from PySide6.QtWidgets import QFileDialog

    from smartskin_gui.ui.dialogs.save_dialog import SaveAsDialog

    def answer(dialog: SaveAsDialog) -> int:
        dialog.selectNameFilter(name_filter)
        dialog.selectFile(str(path))
        if "quality" in options:
            dialog.quality_spin.setValue(options["quality"])
        if "compression" in options:
            combo = dialog.compression_combo
            combo.setCurrentIndex(combo.findData(options["compression"]))
        return QFileDialog.DialogCode.Accepted

    monkeypatch.setattr(SaveAsDialog, "exec", answer)


def test_save_as_writes_the_chosen_format_and_remembers_the_folder(
    window, qtbot, portrait, tmp_path, monkeypatch
):
    open_and_wait(window, qtbot, portrait)
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    choose_in_save_as(monkeypatch, out_dir / "final", "PNG (*.png)")
    with qtbot.waitSignal(window.processor.saved, timeout=TIMEOUT) as saved:
        window.save_as_action.trigger()
    assert Path(saved.args[0]) == out_dir / "final.png"
    assert Image.open(out_dir / "final.png").format == "PNG"
    with qtbot.waitSignal(window.processor.saved, timeout=TIMEOUT) as again:
        window.save_action.trigger()  # plain Save now goes where the user chose last
    assert Path(again.args[0]) == out_dir / "portrait_smartskin.jpg"


def test_cloud_comparison_asks_before_spending_credits(
    cloud_env, window, qtbot, portrait, monkeypatch
):
    from PySide6.QtWidgets import QMessageBox

    asked = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda parent, title, text: asked.append(text) or QMessageBox.StandardButton.Yes,
    )
    open_and_wait(window, qtbot, portrait)
    calls = cloud_env.emulator.stats["enhance_calls"]
    window.tabs.setCurrentWidget(window.compare_view)
    view = window.compare_view
    assert view.render_button.isVisible() and "15 credits" in view.render_button.text()
    assert cloud_env.emulator.stats["enhance_calls"] == calls  # nothing sent yet
    got = []
    window.processor.variantReady.connect(lambda tag, params, img: got.append(params))
    view.render_button.click()
    qtbot.waitUntil(lambda: len(got) == 3, timeout=TIMEOUT)
    # The main view's result came from the free local engine: three paid renders.
    assert cloud_env.emulator.stats["enhance_calls"] == calls + 3
    assert len(asked) == 1 and asked[0].startswith("3 photos, 15 credits, ")


def test_no_face_photo_says_so(window, qtbot, tmp_path):
    from tests.portraits import wood_wall

    path = tmp_path / "wall.png"
    Image.fromarray(wood_wall(400, 600)).save(path)
    with qtbot.waitSignal(window.processor.notes, timeout=TIMEOUT):
        window.open_paths([path])
    assert "No face found" in window.info.text()


def test_each_note_under_the_sliders_is_a_sentence(window, qtbot, tmp_path):
    """An EXIF-rotated portrait's notes read "Rotated upright from its EXIF orientation."
    and "1 face found.", not "rotated upright from its EXIF orientation" / "1 face found"."""
    im = Image.open(sample_path("astronaut.jpg"))
    exif = im.getexif()
    exif[0x0112] = 6
    im.save(tmp_path / "rotated.jpg", exif=exif.tobytes())
    with qtbot.waitSignal(window.processor.notes, timeout=TIMEOUT):
        window.open_paths([tmp_path / "rotated.jpg"])
    qtbot.waitUntil(lambda: "face found" in window.info.text(), timeout=TIMEOUT)
    lines = [line for line in window.info.text().splitlines() if line]
    assert "Rotated upright from its EXIF orientation." in lines, lines
    assert all(not line[0].islower() and line.endswith(".") for line in lines), lines


def test_unexpected_errors_become_a_sentence_and_a_log_entry(window, caplog, monkeypatch):
    import sys

    from smartskin_gui.app import UNEXPECTED, install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    hook = install_excepthook(window)
    try:
        raise RuntimeError("boom")
    except RuntimeError as err:
        hook(type(err), err, err.__traceback__)
    assert window.message.label.text() == UNEXPECTED and "Traceback" not in UNEXPECTED
    assert "boom" in caplog.text


def test_cancel_stops_processing_but_not_loading(window, qtbot, tmp_path):
    big = tmp_path / "big.jpg"
    Image.open(sample_path("astronaut.jpg")).resize((4000, 4000)).save(big)
    p = window.processor
    with qtbot.waitSignal(p.originalReady, timeout=TIMEOUT):
        window.open_paths([big])
        window.results.cancel_button.click()  # while the photo is still loading
    assert p.photo is not None  # loading went on
    with qtbot.waitSignal(p.busyChanged, timeout=TIMEOUT, check_params_cb=lambda b: b):
        window.findChild(QDoubleSpinBox, "retouchSpin").setValue(0.3)
    assert window.results.cancel_button.isVisibleTo(window)  # a 16 MP render takes a while
    with qtbot.waitSignal(p.busyChanged, timeout=TIMEOUT, check_params_cb=lambda b: not b):
        window.results.cancel_button.click()
    assert p.current_result() is None  # cancelled, not finished
    assert not window.results.cancel_button.isVisibleTo(window)


def test_entering_a_key_in_settings_switches_to_cloud(
    emulator, monkeypatch, window, qtbot, portrait
):
    monkeypatch.setenv("SMARTSKIN_API_URL", emulator.url)
    open_and_wait(window, qtbot, portrait)
    combo = window.findChild(QComboBox, "engineCombo")
    assert combo.currentData() == "local"

    def fill_in_key(dialog):
        dialog.findChild(QLineEdit, "apiKeyEdit").setText("demo-key")
        dialog.accept()
        return 1

    monkeypatch.setattr(SettingsDialog, "exec", fill_in_key)
    with qtbot.waitSignal(
        window.processor.resultReady, timeout=TIMEOUT, check_params_cb=lambda *a: a[3]
    ):
        window.settings_action.trigger()
    # Cloud chosen, and nothing spent: the shown result stays the free local one.
    assert combo.currentData() == "cloud" and emulator.emulator.stats["enhance_calls"] == 0


def test_a_folder_arrives_in_chunks_and_is_added_once(window, qtbot, tmp_path, monkeypatch):
    from smartskin_gui.workers import folder_walk

    monkeypatch.setattr(folder_walk, "CHUNK", 2)
    names = [f"p{i}.jpg" for i in range(5)]
    for name in names:
        shutil.copyfile(sample_path("grace_hopper.jpg"), tmp_path / name)
    chunks: list[int] = []
    monkeypatch.setattr(
        window.filmstrip, "add_many", partial(counting_add, window.filmstrip.add_many, chunks)
    )
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT) as opened:
        window.open_paths([tmp_path])
    assert opened.args == [5] and chunks == [2, 2, 1]  # as the walk finds them
    assert [Path(p).name for p in window.filmstrip.paths()] == names
    assert window.filmstrip.currentItem().text() == "p0.jpg"
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT) as again:
        window.open_paths([tmp_path, tmp_path / "p3.jpg"])
    assert again.args == [0] and window.filmstrip.count() == 5


def counting_add(add, chunks: list[int], paths, resolved=False):
    chunks.append(len(paths))
    return add(paths, resolved)


def test_dropped_files_are_checked_off_the_gui_thread(window, qtbot, tmp_path, monkeypatch):
    import threading

    from smartskin_gui.workers import folder_walk

    paths = [tmp_path / f"p{i}.jpg" for i in range(3)]
    for path in paths:
        shutil.copyfile(sample_path("grace_hopper.jpg"), path)
    threads: list[threading.Thread] = []
    real = folder_walk.why_skipped

    def recording(path: Path) -> str | None:
        threads.append(threading.current_thread())
        return real(path)

    monkeypatch.setattr(folder_walk, "why_skipped", recording)
    with qtbot.waitSignal(window.photosOpened, timeout=TIMEOUT) as opened:
        window.open_paths([*paths, tmp_path / "gone.jpg"])
    assert opened.args == [3] and len(threads) == 4
    assert threading.main_thread() not in threads
    assert "gone.jpg" in window.message.label.text()


def test_what_a_save_changed_shows_in_the_message_bar(window, qtbot, tmp_path):
    path = tmp_path / "print.jpg"
    Image.open(sample_path("grace_hopper.jpg")).convert("CMYK").save(path)
    with qtbot.waitSignal(window.processor.originalReady, timeout=TIMEOUT):
        window.open_paths([path])
    with qtbot.waitSignal(window.processor.saveNotes, timeout=TIMEOUT):
        window.save_action.trigger()
    assert window.message.label.text().startswith("Saved as RGB")
