"""Nothing lost on quit. A save in progress finishes first (with a note); an export in
progress may be cancelled or waited for, and its failures are shown before SmartSkin
closes; edits that are in no written file are named, and "Export them" exports exactly
those photos, then quits; edits the catalog could not write can be written again or
saved in another folder. Every edit is in the catalog already: quitting never asks to
save settings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from ...core.batch import PhotoResult
from ...core.errors import CancelledError, CatalogError
from ...workers.processor import Processor
from ..widgets.message_bar import MessageBar
from .export_controller import ExportController
from .photos_controller import PhotosController

NAMED = 5  # photos named in the question, then "and N more"


def named(paths: list[str]) -> str:
    names = [Path(p).name for p in paths[:NAMED]]
    more = len(paths) - len(names)
    return ", ".join(names) + (f" and {more} more" if more else "")


class QuitGuard(QObject):
    def __init__(
        self,
        window: QWidget,
        processor: Processor,
        export: ExportController,
        photos: PhotosController,
        message: MessageBar,
        close: Callable[[], object],
    ) -> None:
        super().__init__(window)
        self.window, self.processor, self.export = window, processor, export
        self.photos, self.message, self.close = photos, message, close
        self.confirmed = False  # the user chose to quit whatever is left
        self.waiting = False  # quitting once the work in progress ends
        self.export_then_quit: list[str] = []  # the unexported photos the user chose to export
        self.box: QMessageBox | None = None
        processor.saved.connect(self._save_ended)
        processor.failed.connect(self._save_failed)
        export.finished.connect(self._export_ended)
        export.dialogRejected.connect(self._export_declined)

    def may_close(self) -> bool:
        """True to close now; else the guard says why and closes later or asks first."""
        if self.confirmed:
            return True
        if self.processor.saving:
            self.waiting = True
            self.message.show_message("Finishing the save before quitting…", "info")
            return False
        if self.export.running:
            self._ask_about_export()
            return False
        catalog = self.photos.catalog
        problem = catalog.write_error or catalog.fallback
        if problem is not None:
            self._ask_about_catalog(problem)
            return False
        unexported = self.photos.unexported()
        if unexported:
            self._ask_about_edits(unexported)
            return False
        return True

    def quit_now(self) -> None:
        """Quit without asking (the system asked: SIGTERM, Ctrl+C, log out). Edits are in
        the catalog; an export in progress is cancelled."""
        self.confirmed = True
        self.export.cancel()
        self.close()

    # --- questions ----------------------------------------------------------------------------

    def _question(self, text: str, name: str) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Quit SmartSkin",
            text,
            QMessageBox.StandardButton.NoButton,
            self.window,
        )
        box.setObjectName(name)
        box.finished.connect(box.deleteLater)
        self.box = box
        return box

    def _button(
        self,
        box: QMessageBox,
        text: str,
        role: QMessageBox.ButtonRole,
        name: str,
        slot: Callable[[], object] | None = None,
    ) -> None:
        button = box.addButton(text, role)
        button.setObjectName(name)
        if slot is not None:
            button.clicked.connect(slot)
        if role is QMessageBox.ButtonRole.AcceptRole:
            box.setDefaultButton(button)

    def _ask_about_edits(self, unexported: list[str]) -> None:
        count = len(unexported)
        what = "This edited photo has" if count == 1 else f"These {count} edited photos have"
        box = self._question(
            f"{what} not been exported: {named(unexported)}. Export before quitting?",
            "quitDialog",
        )
        role = QMessageBox.ButtonRole
        self._button(
            box,
            "Export them…" if count > 1 else "Export it…",
            role.AcceptRole,
            "quitExportButton",
            lambda: self._export_then_quit(unexported),
        )
        self._button(box, "Quit anyway", role.DestructiveRole, "quitAnywayButton", self._quit)
        self._button(box, "Cancel", role.RejectRole, "quitCancelButton")
        box.open()

    def _ask_about_export(self) -> None:
        done, total = len(self.export.results), self.export.total
        box = self._question(
            f"An export is running ({done} of {total} photos done). Stop it and quit, or quit "
            "once it has finished?",
            "quitExportRunningDialog",
        )
        role = QMessageBox.ButtonRole
        self._button(
            box, "Quit when it ends", role.AcceptRole, "quitWhenDoneButton", self._wait_for_export
        )
        self._button(
            box,
            "Stop it and quit",
            role.DestructiveRole,
            "quitStopExportButton",
            self._stop_export_and_quit,
        )
        self._button(box, "Keep working", role.RejectRole, "quitCancelButton")
        box.open()

    def _ask_about_catalog(self, why: str) -> None:
        box = self._question(
            f"{why}\n\nTry again, save your edits in another folder, or quit without them?",
            "quitCatalogDialog",
        )
        role = QMessageBox.ButtonRole
        self._button(
            box, "Try again", role.AcceptRole, "quitRetryCatalogButton", self._retry_catalog
        )
        self._button(
            box,
            "Save in another folder…",
            role.ActionRole,
            "quitMoveCatalogButton",
            self._save_catalog_elsewhere,
        )
        self._button(box, "Quit without them", role.DestructiveRole, "quitAnywayButton", self._quit)
        self._button(box, "Cancel", role.RejectRole, "quitCancelButton")
        box.open()

    # --- answers ------------------------------------------------------------------------------

    def _quit(self) -> None:
        self.confirmed = True
        self.close()

    def _export_then_quit(self, paths: list[str]) -> None:
        self.export_then_quit = paths
        self.export.open_dialog(chosen=paths)

    def _export_declined(self) -> None:
        self.export_then_quit = []

    def _wait_for_export(self) -> None:
        self.waiting = True
        self.message.show_message("SmartSkin quits when the export has finished.", "info")

    def _stop_export_and_quit(self) -> None:
        self.waiting = True
        self.export.cancel()
        self.message.show_message("Stopping the export, then quitting…", "info")

    def _retry_catalog(self) -> None:
        catalog = self.photos.catalog
        catalog.retry()
        if catalog.flush(timeout=5) and catalog.fallback is None:
            self.close()
        else:
            self._ask_about_catalog(catalog.write_error or CatalogError().message)

    def _save_catalog_elsewhere(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Save your edits in")
        if not folder:
            return
        try:
            saved = self.photos.catalog.write_copy(Path(folder))
        except CatalogError as err:
            self._ask_about_catalog(err.message)
            return
        QMessageBox.information(
            self.window,
            "Edits saved",
            f"Your edits are saved in “{saved}”. To use them, start SmartSkin with that folder "
            "as its settings folder (SMARTSKIN_CONFIG_DIR), or copy the file into the usual "
            "settings folder once it can be written.",
        )
        self._quit()

    # --- work ending --------------------------------------------------------------------------

    def _save_ended(self, *_: object) -> None:
        if self.waiting and not self.processor.saving and not self.export.running:
            self.waiting = False
            self.message.hide()
            self.close()

    def _save_failed(self, *_: object) -> None:
        if self.waiting and not self.processor.saving:
            self.waiting = False  # the failure is on screen: the user decides what next

    def _export_ended(self, results: list[PhotoResult]) -> None:
        failed = [r for r in results if not r.ok and r.code not in (CancelledError.code,)]
        chosen, self.export_then_quit = self.export_then_quit, []
        if not (self.waiting or chosen):
            return
        self.waiting = False
        if failed:  # the summary is on screen: quitting would hide why
            self.message.show_message(
                f"SmartSkin did not quit: {len(failed)} of the photos could not be exported "
                "(the list says why). Quit again when you are done.",
                "info",
            )
            return
        left = set(chosen) & set(self.photos.unexported())
        if chosen and left:
            return  # some were not exported (cancelled): the user decides
        self.message.hide()
        self.close()
