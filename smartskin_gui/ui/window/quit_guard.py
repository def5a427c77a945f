"""Nothing lost on quit: a save or export in progress finishes first (with a note), and
edits never exported are not closed away silently (Export / Quit anyway / Cancel)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from ...workers.processor import Processor
from ..widgets.message_bar import MessageBar
from .export_controller import ExportController
from .photos_controller import SessionController


class QuitGuard(QObject):
    def __init__(
        self,
        window: QWidget,
        processor: Processor,
        export: ExportController,
        session: SessionController,
        message: MessageBar,
        close: Callable[[], object],
    ) -> None:
        super().__init__(window)
        self.window, self.processor, self.export = window, processor, export
        self.session, self.message, self.close = session, message, close
        self.confirmed = False  # the user chose to quit whatever is left
        self.waiting = False  # quitting once the work in progress ends
        self.box: QMessageBox | None = None
        processor.saved.connect(self._work_ended)
        processor.failed.connect(self._work_failed)
        export.finished.connect(self._work_ended)

    def busy(self) -> bool:
        return self.export.running or self.processor.saving

    def may_close(self) -> bool:
        """True to close now; else the guard says why and closes later or asks first."""
        if self.confirmed:
            return True
        if self.busy():
            self.waiting = True
            what = "the export" if self.export.running else "the save"
            self.message.show_message(f"Finishing {what} before quitting…", "info")
            return False
        unexported = self.session.unexported()
        if unexported:
            self._ask(len(unexported))
            return False
        return True

    def _ask(self, count: int) -> None:
        plural = "photo has" if count == 1 else "photos have"
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Quit SmartSkin",
            f"{count} edited {plural} not been exported. Export them before quitting?",
            QMessageBox.StandardButton.NoButton,
            self.window,
        )
        box.setObjectName("quitDialog")
        export = box.addButton("Export…", QMessageBox.ButtonRole.AcceptRole)
        export.setObjectName("quitExportButton")
        anyway = box.addButton("Quit anyway", QMessageBox.ButtonRole.DestructiveRole)
        anyway.setObjectName("quitAnywayButton")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        cancel.setObjectName("quitCancelButton")
        box.setDefaultButton(export)
        export.clicked.connect(self.export.open_dialog)
        anyway.clicked.connect(self._quit_anyway)
        box.finished.connect(box.deleteLater)
        self.box = box
        box.open()

    def _quit_anyway(self) -> None:
        self.confirmed = True
        self.close()

    def _work_ended(self, *_: object) -> None:
        if self.waiting and not self.busy():
            self.waiting = False
            self.message.hide()
            self.close()

    def _work_failed(self, *_: object) -> None:
        if self.waiting and not self.busy():
            self.waiting = False  # the failure is on screen: the user decides what next
