"""Export in the window: the dialog, the batch on a worker (the window stays usable), its
progress in the batch bar, Cancel, and the summary with "Retry failed". Photos already
exported with the same settings and options are skipped unless the user asks otherwise;
each photo written is kept in the catalog as it ends."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from ...core.batch import ExportOptions, PhotoResult
from ...core.cloud import cost_text
from ...core.engine import is_paid_for
from ...core.engine_info import engine_info
from ...core.errors import CancelledError, SmartSkinError
from ...core.io.metadata import XmpCulling
from ...core.params import Params
from ...workers.export_job import ExportItem, ExportPhotos
from ...workers.jobs import JobRunner
from ...workers.processor import EngineSource
from ..dialogs.batch_summary import BatchSummaryDialog
from ..dialogs.export_dialog import ExportDialog
from ..views.filmstrip import Filmstrip
from ..widgets.batch_bar import BatchBar
from .credits_status import CreditsStatus
from .photos_controller import PhotosController


def ask_to_pay(
    parent: QWidget,
    photos: int,
    remaining: int | None,
    what: str = "Export",
    already_paid: int = 0,
    faces: int = 0,
) -> bool:
    """Before paid renders: "N photos, 5N credits, M credits left - Go on?" (Yes / No).

    ``already_paid`` of the ``photos`` come from the paid-results cache (see
    :func:`~...core.engine.paid_already`) and are not counted as costing credits; when every
    photo is already paid nothing is asked (True)."""
    if photos > 0 and already_paid >= photos + faces:
        return True
    text = cost_text(photos, remaining, already_paid, faces)
    answer = QMessageBox.question(parent, f"{what} with the cloud", text)
    return answer == QMessageBox.StandardButton.Yes


def _already_done(
    selection: set[str], done: dict[str, set[str]], selected_only: bool, key: str
) -> int:
    """For the Export dialog: how many photos of its scope (the selection, or all those
    in ``done``, the photos shown) an export with options ``key`` would skip."""
    return sum(
        1 for path, keys in done.items() if key in keys and (not selected_only or path in selection)
    )


def skipped_text(count: int) -> str:
    if count == 1:
        return "1 photo was exported with these settings already, so it was skipped."
    return f"{count} photos were exported with these settings already, so they were skipped."


class ExportController(QObject):
    """``photoEnded(PhotoResult)`` as each photo ends; ``finished(list)`` with all results."""

    photoEnded = Signal(object)
    finished = Signal(list)
    failed = Signal(str)  # a sentence: the export could not start
    dialogRejected = Signal()  # the Export dialog was closed without exporting
    info = Signal(str)  # a sentence worth knowing (photos skipped)

    def __init__(
        self,
        window: QWidget,
        ui_settings: dict[str, str],
        filmstrip: Filmstrip,
        photos: PhotosController,
        engines: EngineSource,
        engine_name: Callable[[], str],
        bar: BatchBar,
        credits: CreditsStatus,
        service: Callable[[], str],
    ) -> None:
        super().__init__(window)
        self.window, self.ui_settings = window, ui_settings
        self.filmstrip, self.photos = filmstrip, photos
        self.engines, self.engine_name = engines, engine_name
        self.bar, self.credits, self.service = bar, credits, service
        self.runner = JobRunner(1, self)
        self.dialog: ExportDialog | None = None
        self.summary: BatchSummaryDialog | None = None
        self.options = ExportOptions()
        self.results: dict[int, PhotoResult] = {}
        self.total = 0
        self.skipped = 0
        self.engine_used = ""
        self.written_as = ""  # the options key the running export's files are kept under
        #: The rating and label each exported file gets in its XMP (the window's culling).
        self.culling_of: Callable[[str], XmpCulling | None] = lambda path: None
        bar.cancelRequested.connect(self.cancel)

    @property
    def running(self) -> bool:
        return bool(self.runner.jobs())

    # --- starting -----------------------------------------------------------------------------

    def open_for_selection(self) -> None:
        """File > Export: the dialog for the selected photos (or all)."""
        self.open_dialog()

    def open_dialog(self, chosen: list[str] | None = None) -> None:
        """The Export dialog (non-blocking); its Export button starts the batch. ``chosen``:
        exactly these photos (offered as the selection), e.g. the unexported ones on quit."""
        if not self.filmstrip.paths():
            self.failed.emit("Open some photos first, then export them.")
            return
        paths = self.filmstrip.shown_paths()
        if not paths:
            self.failed.emit("The filter shows no photo to export: change it above the filmstrip.")
            return
        if self.running:
            self.failed.emit("An export is already running. Wait for it, or cancel it.")
            return
        selection = chosen if chosen is not None else self.filmstrip.selected_paths()
        current = self.photos.current or paths[0]
        example = (Path(current), self.photos.params(current), self.engine_name())
        done = self.photos.exported_with(set(selection) | set(paths), self.engine_name())
        dialog = ExportDialog(
            self.ui_settings,
            selected=len(selection),
            total=len(paths),
            filtered=len(paths) < len(self.filmstrip.paths()),
            example=example,
            start_folder=Path(current).parent,
            already_done=partial(_already_done, set(selection), done),
            example_done=lambda key: key in done.get(current, set()),
            parent=self.window,
        )
        if chosen is not None:  # these photos, not all
            dialog.selected_radio.setChecked(True)
        dialog.accepted.connect(partial(self._accepted, dialog, selection))
        dialog.rejected.connect(self.dialogRejected)
        dialog.finished.connect(dialog.deleteLater)
        self.dialog = dialog
        dialog.open()

    def _accepted(self, dialog: ExportDialog, selection: list[str]) -> None:
        options = dialog.options()
        self.start(selection if options.selected_only else self.filmstrip.shown_paths(), options)

    def start(self, paths: list[str], options: ExportOptions) -> None:
        if self.running or not paths:
            return
        name = self.engine_name()
        written_as = options.output_key()
        self.skipped = 0
        if options.skip_exported:
            done = self.photos.skippable(paths, name, written_as)
            if done:
                self.skipped = len(done)
                paths = [p for p in paths if p not in done]
            if not paths:
                self.info.emit(
                    f"{skipped_text(self.skipped)} Untick “Skip photos already exported” in "
                    "the Export dialog to write them again."
                )
                self.finished.emit([])
                return
        if engine_info(name).paid:
            self.credits.refresh(partial(self._ask_then_run, paths, options, name))
        else:
            self._run(paths, options, name)

    def _ask_then_run(
        self, paths: list[str], options: ExportOptions, name: str, remaining: int | None
    ) -> None:
        renders = self._paid_renders(paths)
        paid = sum(is_paid_for(path, params, self.service()) for path, params in renders)
        faces = len(renders) - len(paths)
        if ask_to_pay(self.window, len(paths), remaining, already_paid=paid, faces=faces):
            self._run(paths, options, name)

    def _paid_renders(self, paths: list[str]) -> list[tuple[str, Params]]:
        """Each photo's render at its strengths, and one more for each other strength its
        faces ask for: what the cloud is asked (and paid) for."""
        renders: list[tuple[str, Params]] = []
        for path in paths:
            params, _, regions = self.photos.version(path)
            renders.append((path, params))
            renders += [(path, p) for p in sorted(regions.face_params(params), key=str)]
        return renders

    def _run(self, paths: list[str], options: ExportOptions, name: str) -> None:
        try:
            engine = self.engines(name)
        except SmartSkinError as err:
            self.failed.emit(err.message)
            return
        self.options, self.engine_used, self.written_as = options, name, options.output_key()
        self.results, self.total = {}, len(paths)
        photos = [ExportItem(Path(p), *self.photos.version(p), self.culling_of(p)) for p in paths]
        self.bar.start(len(paths), "Exporting")
        self.runner.start(
            ExportPhotos(
                photos,
                engine,
                options,
                engine_info(name).workers,
                self._photo_done,
                self._ended,
                self._cancelled,
                self._not_started,
            )
        )

    def retry(self, paths: list[str]) -> None:
        """Export again only ``paths`` (the failures), with the same options."""
        self.start(paths, self.options)

    def cancel(self) -> None:
        """No new photo starts; those in flight stop at their next check. The bar says the
        export is stopping (no time left) until it ends."""
        if self.running:
            self.bar.set_stopping()
        self.runner.cancel()

    def shutdown(self) -> None:
        self.runner.shutdown()

    # --- back on the GUI thread ---------------------------------------------------------------

    def _photo_done(self, index: int, result: PhotoResult) -> None:
        self.results[index] = result
        # Photos that never started (or stopped) once Cancel is pressed are not done: the
        # bar stays at the real count while the export winds down.
        self.bar.set_done(sum(r.code != "CANCELLED" for r in self.results.values()))
        self.photos.exported(result, self.written_as)
        self.photoEnded.emit(result)

    def _not_started(self, err: SmartSkinError) -> None:
        """The export could not start (its folder cannot be made): nothing was rendered."""
        self.bar.finish()
        self.failed.emit(err.message)
        self.finished.emit([])

    def _cancelled(self) -> None:
        self._ended([self.results[i] for i in sorted(self.results)])

    def _renamed(self, written: list[PhotoResult]) -> tuple[int, int]:
        """(photos renamed because a file of their name was there before the export, photos
        renamed because another photo of the export took their name first)."""
        wanted: dict[Path, list[Path]] = {}
        for r in written:
            target = self.options.target(r.input, r.params, r.engine)
            wanted.setdefault(target, []).append(Path(str(r.output)))
        renamed = twins = 0
        for target, outputs in wanted.items():
            if target in outputs:  # one of them has the name: the others are its twins
                twins += len(outputs) - 1
            else:  # the name was someone else's file
                renamed += len(outputs)
        return renamed, twins

    def _ended(self, results: list[PhotoResult]) -> None:
        self.bar.finish()
        if engine_info(self.engine_used).paid:
            self.credits.refresh()
        cancelled = [r for r in results if r.code == CancelledError.code]
        cancelled_count = len(cancelled) + self.total - len(results)
        failures = [
            (str(r.input), r.message) for r in results if not r.ok and r.code != CancelledError.code
        ]
        written = [r for r in results if r.ok and r.output is not None]
        renamed, twins = self._renamed(written)
        summary = BatchSummaryDialog(
            done=len([r for r in results if r.ok]),
            total=self.total,
            failures=failures,
            cancelled=cancelled_count,
            saved=len(written),
            folder=self.options.folder,
            renamed=renamed,
            twins=twins,
            skipped=skipped_text(self.skipped) if self.skipped else "",
            parent=self.window,
        )
        summary.retryRequested.connect(self.retry)
        summary.showFolderRequested.connect(
            lambda folder: QDesktopServices.openUrl(QUrl.fromLocalFile(folder))
        )
        summary.finished.connect(summary.deleteLater)
        self.summary = summary
        summary.open()
        if self.skipped and not written:  # else the summary says so
            self.info.emit(skipped_text(self.skipped))
        self.finished.emit(results)
