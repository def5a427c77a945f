"""The end of a batch: how many were done, and what went wrong, grouped by reason.

Failures that share a reason are one line ("27 photos: The service is busy...") that opens
on the photos' names; a reason of one photo names it once ("IMG_3.jpg: The photo is
damaged..."). The dialog is resizable and its first size fits the screen it opens on
(1024x768 included)."""

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

#: The first size asked for; never more than this share of the screen's free area.
WIDTH, HEIGHT = 640, 420
SCREEN_SHARE = 0.9


def headline(done: int, total: int, failed: int, cancelled: int, verb: str) -> str:
    plural = "photo" if total == 1 else "photos"
    text = f"{done} of {total} {plural} {verb}."
    if failed:
        text += f" {failed} failed; the reasons are below."
    if cancelled:
        text += f" {cancelled} not started: the export was cancelled."
    return text


def general(reason: str, path: str) -> str:
    """``reason`` with the photo's own name taken out ("“IMG_3.jpg” is empty..." ->
    "The photo is empty..."), so photos failing the same way share one line."""
    quoted = f"“{Path(path).name}”"
    if reason.startswith(quoted):
        return "The photo" + reason[len(quoted) :]
    return reason.replace(quoted, "the photo")


def group_failures(failures: Sequence[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """(reason, paths) for each reason (the photo's name taken out of it): the reasons
    most photos share first, then in the order they first happened."""
    groups: dict[str, list[str]] = {}
    for path, reason in failures:
        groups.setdefault(general(reason, path), []).append(path)
    order = {reason: i for i, reason in enumerate(groups)}
    return sorted(groups.items(), key=lambda item: (-len(item[1]), order[item[0]]))


def group_text(reason: str, paths: Sequence[str]) -> str:
    """``"27 photos: <reason>"``, or ``"IMG_3.jpg: <reason>"`` for one photo (its name
    said once)."""
    who = Path(paths[0]).name if len(paths) == 1 else f"{len(paths)} photos"
    return f"{who}: {reason}"


class _Wrapped(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the width of the view (Qt's tree does not
    wrap item text by itself)."""

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = max(80, self.view.viewport().width() - self.view.indentation() * depth - 8)
        text = str(index.data() or "")
        flags = int(Qt.TextFlag.TextWordWrap)
        wrapped = option.fontMetrics.boundingRect(0, 0, width, 1 << 20, flags, text)
        return QSize(hint.width(), max(hint.height(), wrapped.height() + 4))


class _FailureTree(QTreeWidget):
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.doItemsLayout()  # the rows' wrapped heights follow the new width


def where_text(folder: Path | None, renamed: int, twins: int = 0, skipped: str = "") -> str:
    """Where the photos went, how many took a new name rather than overwrite a file that
    was there (``renamed``), how many because another photo of the export has their name
    (``twins``: two cards' IMG_0001), and the sentence on photos ``skipped`` as exported
    already."""
    text = "Saved beside each original." if folder is None else f"Saved in {folder}."
    if skipped:
        text += f" {skipped}"
    if renamed:
        who = "1 photo was" if renamed == 1 else f"{renamed} photos were"
        text += (
            f" {who} given a name ending in -2 (or -3...): a file of that name was there"
            " already, and SmartSkin never overwrites one."
        )
    if twins:
        who = "1 photo was" if twins == 1 else f"{twins} photos were"
        text += (
            f" {who} given a name ending in -2 (or -3...): another photo of this export has"
            " the same name (from another folder or card)."
        )
    return text


class BatchSummaryDialog(QDialog):
    """``retryRequested(list[str])`` carries the paths of the failed photos only;
    ``showFolderRequested(str)`` the folder the photos were saved in."""

    retryRequested = Signal(list)
    showFolderRequested = Signal(str)

    def __init__(
        self,
        *,
        done: int,
        total: int,
        failures: Sequence[tuple[str, str]],
        cancelled: int = 0,
        verb: str = "exported",
        saved: int = 0,
        folder: Path | None = None,
        renamed: int = 0,
        twins: int = 0,
        skipped: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("batchSummary")
        self.setWindowTitle("Export finished" if not cancelled else "Export cancelled")
        self.setSizeGripEnabled(True)
        self.failures = list(failures)
        self.label = QLabel(headline(done, total, len(self.failures), cancelled, verb))
        self.label.setObjectName("batchSummaryText")
        self.label.setWordWrap(True)
        self.where = QLabel(where_text(folder, renamed, twins, skipped) if saved else "")
        self.where.setObjectName("batchSummaryWhere")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.where.setVisible(bool(saved))
        self.failure_list = self._failure_tree()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.retry_button = buttons.addButton(
            "Retry failed", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.retry_button.setObjectName("batchRetryButton")
        self.retry_button.setVisible(bool(self.failures))
        self.retry_button.clicked.connect(self._retry)
        self.show_button = buttons.addButton(
            "Show in folder", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.show_button.setObjectName("batchShowFolderButton")
        self.show_button.setVisible(bool(saved) and folder is not None)
        self.show_button.clicked.connect(lambda: self.showFolderRequested.emit(str(folder)))
        buttons.rejected.connect(self.reject)
        # Enter closes: retrying is a choice (a damaged file fails again until copied anew).
        for button in (self.retry_button, self.show_button):
            button.setAutoDefault(False)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setObjectName("batchCloseButton")
        col = QVBoxLayout(self)
        col.addWidget(self.label)
        col.addWidget(self.where)
        col.addWidget(self.failure_list, 1)
        col.addWidget(buttons)
        self._fit_screen()

    def _failure_tree(self) -> QTreeWidget:
        tree = _FailureTree()
        tree.setObjectName("batchFailureList")
        tree.setHeaderHidden(True)
        tree.setColumnCount(1)
        tree.setWordWrap(True)
        tree.setUniformRowHeights(False)
        tree.setItemDelegate(_Wrapped(tree))
        tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        groups = group_failures(self.failures)
        few = len(self.failures) <= 8  # a short list shows every name at once
        for reason, paths in groups:
            item = QTreeWidgetItem([group_text(reason, paths)])
            item.setToolTip(0, paths[0] if len(paths) == 1 else reason)
            item.setData(0, Qt.ItemDataRole.UserRole, list(paths))
            if len(paths) > 1:
                for path in paths:
                    child = QTreeWidgetItem([Path(path).name])
                    child.setToolTip(0, path)
                    child.setData(0, Qt.ItemDataRole.UserRole, [path])
                    item.addChild(child)
            tree.addTopLevelItem(item)
            item.setExpanded(few and len(paths) > 1)
        tree.setVisible(bool(self.failures))
        return tree

    def _fit_screen(self) -> None:
        """A first size that fits the free area of the screen it opens on."""
        parent = self.parentWidget()
        screen = (parent.screen() if parent is not None else None) or (
            QGuiApplication.primaryScreen()
        )
        width, height = WIDTH, HEIGHT if self.failures else 120
        if screen is not None:
            area = screen.availableGeometry()
            width = min(width, int(area.width() * SCREEN_SHARE))
            height = min(height, int(area.height() * SCREEN_SHARE))
        self.resize(width, height)

    def failed_paths(self) -> list[str]:
        return [path for path, _ in self.failures]

    def _retry(self) -> None:
        self.retryRequested.emit(self.failed_paths())
        self.accept()
