"""The end of a batch: how many were done, and each failure with its reason."""

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)


def headline(done: int, total: int, failed: int, cancelled: int, verb: str) -> str:
    plural = "photo" if total == 1 else "photos"
    text = f"{done} of {total} {plural} {verb}."
    if failed:
        text += f" {failed} failed; the reason for each is below."
    if cancelled:
        text += f" {cancelled} not started: the export was cancelled."
    return text


class BatchSummaryDialog(QDialog):
    """``retryRequested(list[str])`` carries the paths of the failed photos only."""

    retryRequested = Signal(list)

    def __init__(
        self,
        *,
        done: int,
        total: int,
        failures: Sequence[tuple[str, str]],
        cancelled: int = 0,
        verb: str = "exported",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("batchSummary")
        self.setWindowTitle("Export finished" if not cancelled else "Export cancelled")
        self.failures = list(failures)
        self.label = QLabel(headline(done, total, len(self.failures), cancelled, verb))
        self.label.setObjectName("batchSummaryText")
        self.label.setWordWrap(True)
        self.failure_list = QTableWidget(len(self.failures), 2)
        self.failure_list.setObjectName("batchFailureList")
        self.failure_list.setHorizontalHeaderLabels(["Photo", "What happened"])
        self.failure_list.verticalHeader().hide()
        self.failure_list.setWordWrap(True)
        self.failure_list.setAlternatingRowColors(True)
        self.failure_list.setShowGrid(False)
        self.failure_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.failure_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.failure_list.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.sectionResized.connect(self.failure_list.resizeRowsToContents)
        for row, (path, reason) in enumerate(self.failures):
            for column, text in enumerate((Path(path).name, reason)):
                item = QTableWidgetItem(text)
                item.setToolTip(path if column == 0 else reason)
                self.failure_list.setItem(row, column, item)
        self.failure_list.setVisible(bool(self.failures))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.retry_button = buttons.addButton(
            "Retry failed", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.retry_button.setObjectName("batchRetryButton")
        self.retry_button.setVisible(bool(self.failures))
        self.retry_button.clicked.connect(self._retry)
        buttons.rejected.connect(self.reject)
        col = QVBoxLayout(self)
        col.addWidget(self.label)
        col.addWidget(self.failure_list, 1)
        col.addWidget(buttons)
        self.resize(640, 360 if self.failures else 120)

    def failed_paths(self) -> list[str]:
        return [path for path, _ in self.failures]

    def _retry(self) -> None:
        self.retryRequested.emit(self.failed_paths())
        self.accept()
