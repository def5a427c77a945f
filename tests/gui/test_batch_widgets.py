"""The batch bar (progress, elapsed, ETA, cancel) and the end-of-batch summary."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QTreeWidget

from smartskin_gui.ui.dialogs.batch_summary import BatchSummaryDialog, group_failures
from smartskin_gui.ui.widgets.batch_bar import BatchBar


def make_bar(qtbot) -> tuple[BatchBar, list[float]]:
    now = [1000.0]
    bar = BatchBar(clock=lambda: now[0])
    qtbot.addWidget(bar)
    return bar, now


def test_progress_counts_and_estimates(qtbot) -> None:
    bar, now = make_bar(qtbot)
    assert bar.isHidden() and not bar.running
    bar.start(30)
    progress = bar.findChild(QProgressBar, "batchProgress")
    time_label = bar.findChild(QLabel, "batchTimeLabel")
    assert progress is not None and time_label is not None
    assert bar.isVisible() and bar.running
    assert progress.text() == "0 of 30"
    assert time_label.text() == "0:00 elapsed · estimating time left"
    now[0] += 12
    bar.set_done(3)
    bar.set_done(3)  # photos ending together: one repaint
    qtbot.waitUntil(lambda: progress.value() == 3)
    assert progress.text() == "3 of 30" and not bar.pending.isActive()
    assert time_label.text() == "0:12 elapsed · about 1:48 left"
    assert bar.clock.short_time_text(3) == "about 1:48 left"  # where the bar is narrow
    assert bar.clock.short_time_text(30) == "0:12 elapsed"


def test_elapsed_time_moves_on_between_photos(qtbot) -> None:
    bar, now = make_bar(qtbot)
    bar.start(10)
    bar.set_done(1)
    now[0] += 75
    with qtbot.waitSignal(bar.timer.timeout, timeout=3000):
        pass
    assert bar.time_label.text().startswith("1:15 elapsed")


def test_cancel_asks_once_and_finish_hides(qtbot) -> None:
    bar, _ = make_bar(qtbot)
    bar.start(5)
    cancel = bar.findChild(QPushButton, "batchCancelButton")
    assert cancel is not None
    with qtbot.waitSignal(bar.cancelRequested):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not cancel.isEnabled() and cancel.text() == "Cancelling…"
    bar.finish()
    assert bar.isHidden() and not bar.running
    bar.start(2)  # the next batch can be cancelled again
    assert cancel.isEnabled() and cancel.text() == "Cancel"


def test_a_cancelling_batch_shows_it_is_stopping_and_no_time_left(qtbot) -> None:
    bar, now = make_bar(qtbot)
    bar.start(30)
    now[0] += 12
    bar.set_done(3)
    qtbot.waitUntil(lambda: bar.progress.value() == 3)
    assert bar.time_label.text() == "0:12 elapsed · about 1:48 left"
    with qtbot.waitSignal(bar.cancelRequested):
        qtbot.mouseClick(bar.cancel_button, Qt.MouseButton.LeftButton)
    assert bar.time_label.text() == "0:12 elapsed · stopping…"
    assert bar.time_label.toolTip() == "0:12 elapsed · stopping…"
    assert bar.time_label.short == "stopping…"  # where the bar is narrow
    # A photo under way still ends, and the clock moves on: still no time left.
    now[0] += 5
    bar.set_done(4)
    qtbot.waitUntil(lambda: bar.progress.value() == 4)
    assert bar.time_label.text() == "0:17 elapsed · stopping…"
    now[0] += 60
    with qtbot.waitSignal(bar.timer.timeout, timeout=3000):
        pass
    assert bar.time_label.text() == "1:17 elapsed · stopping…"
    bar.finish()
    bar.start(2)  # the next batch estimates again
    assert bar.time_label.text() == "0:00 elapsed · estimating time left"


def test_summary_names_each_failure_and_retries_only_those(qtbot) -> None:
    failures = [
        ("/shoot/IMG_3.jpg", "“IMG_3.jpg” is damaged, so it cannot be opened."),
        ("/shoot/IMG_9.jpg", "Could not save “IMG_9_smartskin.jpg”: the disk is full."),
    ]
    dialog = BatchSummaryDialog(done=28, total=30, failures=failures)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.objectName() == "batchSummary"
    text = dialog.findChild(QLabel, "batchSummaryText")
    tree = dialog.findChild(QTreeWidget, "batchFailureList")
    retry = dialog.findChild(QPushButton, "batchRetryButton")
    assert text is not None and tree is not None and retry is not None
    assert text.text().startswith("28 of 30 photos exported. 2 failed")
    rows = [tree.topLevelItem(r).text(0) for r in range(tree.topLevelItemCount())]
    assert rows == [  # each name said once
        "IMG_3.jpg: The photo is damaged, so it cannot be opened.",
        f"IMG_9.jpg: {failures[1][1]}",
    ]
    assert tree.topLevelItem(0).toolTip(0) == "/shoot/IMG_3.jpg"
    assert retry.isVisible()
    # Enter closes the summary: retrying is a choice (IMG_3 fails again until copied anew).
    close = dialog.findChild(QPushButton, "batchCloseButton")
    assert close.isDefault() and not retry.isDefault() and not retry.autoDefault()
    with qtbot.waitSignal(dialog.retryRequested) as retried:
        qtbot.mouseClick(retry, Qt.MouseButton.LeftButton)
    assert retried.args == [["/shoot/IMG_3.jpg", "/shoot/IMG_9.jpg"]]
    assert not dialog.isVisible()


def test_summary_without_failures_offers_no_retry(qtbot) -> None:
    dialog = BatchSummaryDialog(done=25, total=30, failures=[], cancelled=5)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.retry_button.isVisible() and not dialog.failure_list.isVisible()
    assert dialog.label.text() == (
        "25 of 30 photos exported. 5 not started: the export was cancelled."
    )
    assert dialog.windowTitle() == "Export cancelled"


BUSY = "The service is busy right now. Try again in a minute."
DAMAGED = "“IMG_40.jpg” is damaged, so it cannot be opened."
DAMAGED_ONE = "The photo is damaged, so it cannot be opened."
NOT_STARTED = "Not started: the service failed the same way for 2 photos in a row. " + BUSY


def test_failures_that_share_a_reason_are_one_line(qtbot) -> None:
    failures = [(f"/shoot/IMG_{i}.jpg", BUSY) for i in range(27)]
    failures.insert(5, ("/shoot/IMG_40.jpg", DAMAGED))
    failures += [(f"/shoot/IMG_{i}.jpg", NOT_STARTED) for i in range(50, 53)]
    assert [(reason, len(paths)) for reason, paths in group_failures(failures)] == [
        (BUSY, 27),
        (NOT_STARTED, 3),
        (DAMAGED_ONE, 1),
    ]
    dialog = BatchSummaryDialog(done=9, total=40, failures=failures)
    qtbot.addWidget(dialog)
    dialog.show()
    tree = dialog.failure_list
    lines = [tree.topLevelItem(r).text(0) for r in range(tree.topLevelItemCount())]
    assert lines == [f"27 photos: {BUSY}", f"3 photos: {NOT_STARTED}", f"IMG_40.jpg: {DAMAGED_ONE}"]
    busy = tree.topLevelItem(0)
    assert busy.childCount() == 27 and busy.child(0).text(0) == "IMG_0.jpg"
    assert busy.child(0).toolTip(0) == "/shoot/IMG_0.jpg"
    assert not busy.isExpanded()  # 31 failures: the groups open on demand
    assert tree.topLevelItem(2).childCount() == 0
    assert dialog.failed_paths() == [path for path, _ in failures]  # "Retry failed": all 31


def test_photos_failing_the_same_way_share_a_line_without_their_names(qtbot) -> None:
    failures = [(f"/a/IMG_{i}.jpg", f"“IMG_{i}.jpg” is empty (0 bytes).") for i in range(3)]
    dialog = BatchSummaryDialog(done=0, total=3, failures=failures)
    qtbot.addWidget(dialog)
    tree = dialog.failure_list
    assert tree.topLevelItemCount() == 1
    assert tree.topLevelItem(0).text(0) == "3 photos: The photo is empty (0 bytes)."
    assert [tree.topLevelItem(0).child(i).text(0) for i in range(3)] == [
        "IMG_0.jpg",
        "IMG_1.jpg",
        "IMG_2.jpg",
    ]


def test_a_few_failures_show_every_name_at_once(qtbot) -> None:
    failures = [("/a/IMG_1.jpg", BUSY), ("/a/IMG_2.jpg", BUSY), ("/a/IMG_3.jpg", DAMAGED)]
    dialog = BatchSummaryDialog(done=0, total=3, failures=failures)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.failure_list.topLevelItem(0).isExpanded()


def test_the_summary_fits_a_small_screen_and_can_be_resized(qtbot) -> None:
    failures = [(f"/shoot/IMG_{i}.jpg", f"Reason number {i}. " * 8) for i in range(200)]
    dialog = BatchSummaryDialog(done=0, total=200, failures=failures)
    qtbot.addWidget(dialog)
    dialog.show()
    area = dialog.screen().availableGeometry()
    assert dialog.width() <= min(1024, area.width()) and dialog.height() <= min(768, area.height())
    assert dialog.isSizeGripEnabled()
    long_reason = [("/a/IMG_1.jpg", "A long reason. " * 30), ("/a/IMG_2.jpg", "Short.")]
    wrapped = BatchSummaryDialog(done=0, total=2, failures=long_reason)
    qtbot.addWidget(wrapped)
    wrapped.show()
    rows = [wrapped.failure_list.topLevelItem(i) for i in range(2)]
    heights = [wrapped.failure_list.visualItemRect(item).height() for item in rows]
    assert heights[0] > 2 * heights[1] > 0  # the long reason wraps, never cut
    dialog.resize(900, 700)
    assert (dialog.width(), dialog.height()) == (900, 700)
