"""What the processor makes, on screen: the original and results in the split view and the
comparison, notes under the sliders, progress, saves and failures in the status and
message bars. One place connects the processor's signals to the widgets that show them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar

from ...core.engine.regions import FoundFace
from ...core.errors import Action, SmartSkinError
from ...core.params import Params
from ...core.state import NO_REGIONS, Regions
from ...workers.processor import Processor
from ..views.compare_view import CompareView
from ..views.split_view import SplitView
from ..widgets.message_bar import MessageBar


class ResultsView(QObject):
    """Connects ``processor`` to the views and bars it is given; owns the busy widgets of
    the status bar (progress, its text and Cancel)."""

    def __init__(
        self,
        processor: Processor,
        split_view: SplitView,
        compare_view: CompareView,
        info: QLabel,
        message: MessageBar,
        status: QStatusBar,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.processor, self.split_view, self.compare_view = processor, split_view, compare_view
        self.info, self.message, self.status = info, message, status
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.progress_label = QLabel("")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancelButton")
        self.cancel_button.setToolTip("Stop the current processing.")
        self.cancel_button.hide()
        #: What the full-resolution result shown was made with: the photo's strengths, the
        #: engine, its faces' settings (what the note under the sliders says).
        self._shown: tuple[Params, str, Regions] | None = None
        self._notes_shown: list[str] = []  # the engine's notes on it, one sentence each
        self._face: tuple[int, FoundFace] | None = None  # the face the sliders show
        p = processor
        p.previewReady.connect(self._preview)
        p.originalReady.connect(self._original)
        p.resultReady.connect(self._result)
        p.variantReady.connect(self._variant)
        p.failed.connect(self._failed)
        p.photoFailed.connect(self._photo_failed)
        p.saved.connect(self._saved)
        p.notes.connect(self._notes)
        p.saveNotes.connect(self._save_notes)
        p.progress.connect(self._progress)
        p.busyChanged.connect(self._busy)
        self.cancel_button.clicked.connect(self._cancel)
        compare_view.renderRequested.connect(p.request_variant)

    def photo_chosen(self) -> None:
        """Another photo was selected: nothing of the last one stays on screen."""
        self.message.hide()
        self.split_view.clear_result()

    def _preview(self, path: str, image: QImage, width: int, height: int) -> None:
        pixmap = QPixmap.fromImage(image)
        self.split_view.set_original(pixmap, (width, height))
        self.compare_view.set_original(pixmap, (width, height))

    def _original(self, path: str, image: QImage) -> None:
        self.split_view.set_original_full(image)

    def _result(
        self, path: str, params: Params, image: QImage, full: bool, full_image: QImage | None
    ) -> None:
        self.split_view.set_result(QPixmap.fromImage(image), full_image)
        if full:
            shown = self.processor.session.shown
            self._shown = (
                (params, "", NO_REGIONS)
                if shown is None
                else (params, f" ({shown.engine} engine)", shown.regions)
            )
            self._notes_shown = []
            self._describe()

    def _notes(self, notes: list[str]) -> None:
        """The photo's notes under the sliders, one sentence each ("Rotated upright from
        its EXIF orientation.", "1 face found.")."""
        if notes:
            self._notes_shown = [_sentence(note) for note in notes]
            self._describe()

    def show_face(self, face: tuple[int, FoundFace] | None) -> None:
        """The sliders show this face's strengths (number, where it is), or the photo's."""
        self._face = face
        self._describe()

    def _describe(self) -> None:
        """The note under the sliders: what the result shown was made with (with a face
        chosen, that face's strengths and the photo's), then the engine's notes."""
        if self._shown is None:
            return
        params, engine, regions = self._shown
        text = f"Showing {params.label()} at full resolution{engine}."
        if self._face is not None:
            number, found = self._face
            own = next((f for f in regions.faces if f.matches(*found)), None)
            photo = f"the photo at {params.label()}"
            if own is not None and own.excluded:
                text = f"Showing face {number} as it is, {photo}, at full resolution{engine}."
            elif own is not None and own.params is not None:
                face = f"face {number} at {own.params.label()}"
                text = f"Showing {face}, {photo}, at full resolution{engine}."
            else:
                text = (
                    f"Showing face {number} with the photo's {params.label()} "
                    f"at full resolution{engine}."
                )
        self.info.setText("\n".join([text, *self._notes_shown]))

    def _save_notes(self, notes: list[str]) -> None:
        self.message.show_message(_sentence("; ".join(notes)), "info")

    def _variant(self, tag: object, params: Params, image: QImage) -> None:
        self.compare_view.set_variant_image(tag, params, QPixmap.fromImage(image))

    def _failed(self, err: SmartSkinError) -> None:
        actions = {err.action} - {Action.NONE}
        if self.processor.engine.paid:
            actions.add(Action.USE_LOCAL)
        self.message.show_message(err.message, "error", actions)
        self.compare_view.failed(err.message)
        self.status.clearMessage()  # never "Saving…" for good after a failed save

    def _photo_failed(self, path: str, message: str) -> None:
        """The photo cannot be opened: the last photo's pixels must not stay on screen, the
        view says why (not "drop photos here" with photos open), and no comparison tile
        waits for a render that will not come. Said once: by the split view when it is on
        screen, else (the comparison's bar only names the photo) by the message bar."""
        name = Path(path).name
        self.split_view.clear(f"{name} cannot be shown.\n\n{message}")
        self.compare_view.no_photo(f"{name} cannot be shown.", message)
        self._shown, self._notes_shown = None, []
        self.info.setText("")
        if not self.split_view.isVisible():
            self.message.show_message(message, "error")

    def _saved(self, path: str) -> None:
        self.status.showMessage(f"Saved to {path}", 15000)

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 1000))
        self.progress_label.setText(message)

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if not busy:
            self.progress_label.setText("")
            self.progress.setValue(0)

    def _cancel(self) -> None:
        self.processor.cancel()
        self.status.showMessage("Cancelled.", 4000)


def _sentence(note: str) -> str:
    """A note ("rotated upright from its EXIF orientation") as a sentence."""
    return note[:1].upper() + note[1:] + ("" if note.endswith(".") else ".")
