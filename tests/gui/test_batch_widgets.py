"""The batch bar (progress, elapsed, ETA, cancel) and the end-of-batch summary."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QTableWidget

from smartskin_gui.ui.dialogs.batch_summary import BatchSummaryDialog
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
    table = dialog.findChild(QTableWidget, "batchFailureList")
    retry = dialog.findChild(QPushButton, "batchRetryButton")
    assert text is not None and table is not None and retry is not None
    assert text.text().startswith("28 of 30 photos exported. 2 failed")
    rows = [(table.item(r, 0).text(), table.item(r, 1).text()) for r in range(table.rowCount())]
    assert rows == [("IMG_3.jpg", failures[0][1]), ("IMG_9.jpg", failures[1][1])]
    assert table.item(0, 0).toolTip() == "/shoot/IMG_3.jpg"
    assert retry.isVisible()
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
