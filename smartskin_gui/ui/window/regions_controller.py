"""Where the retouch goes, in the window: the faces found get numbered markers (View >
Show Faces); a face clicked gets settings of its own (the sliders then say "Face 3"), or
is left as it is, or gets the photo's again (its "Photo's settings", or Reset while it is
chosen); the brush (B) paints protect or add strokes, with its size ([ ]), softness
(Shift+[ ]) and mask overlay (O). Every change is a step of the undo history (a drag or a
stroke is one), kept in the catalog at once, and rendered for both engines by blending
(``core/engine/regions.py``)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from ...core.engine.regions import FoundFace
from ...core.params import Params
from ...core.state import FaceSetting, Regions, Stroke
from ...workers.processor import Processor
from ..views.brush import BrushTool
from ..views.face_markers import FaceMarkers, Marker
from ..views.split_view import SplitView
from ..widgets.brush_panel import BrushPanel
from ..widgets.face_panel import FacePanel
from ..widgets.side_panel import SidePanel
from .photos_controller import PhotosController

SIZE_STEP, SOFTNESS_STEP = 1.25, 0.1


class RegionsController(QObject):
    """``strengthsShown(Params)``: what the sliders show now (the face's or the photo's).
    ``faceChosen(object)``: the face whose strengths they show, as (number, FoundFace), or
    None for the whole photo."""

    strengthsShown = Signal(object)
    faceChosen = Signal(object)

    def __init__(
        self,
        window: QWidget,
        processor: Processor,
        photos: PhotosController,
        view: SplitView,
        panel: SidePanel,
    ) -> None:
        super().__init__(window)
        self.processor, self.photos, self.view, self.panel = processor, photos, view, panel
        self.markers = FaceMarkers(view)
        self.brush = BrushTool(view)
        self.face_panel = FacePanel()
        self.brush_panel = BrushPanel()
        panel.add_section(self.face_panel)
        panel.add_section(self.brush_panel)
        self.faces: list[FoundFace] = []
        self.selected: int | None = None  # the face whose settings the sliders show (1-based)
        self._face_of: str | None = None  # the photo it was chosen on
        self.actions = self._make_actions(window)
        processor.facesFound.connect(self._faces_found)
        photos.regionsShown.connect(self._edits_shown)
        # Another photo: its faces are not known yet (and an unreadable one has none).
        photos.filmstrip.photoSelected.connect(lambda _path: self._faces_found("", []))
        processor.photoFailed.connect(lambda _path, _why: self._faces_found("", []))
        self.markers.faceClicked.connect(self.select_face)
        self.face_panel.excludeToggled.connect(self._exclude)
        self.face_panel.resetRequested.connect(self.reset_face)
        self.face_panel.doneRequested.connect(lambda: self.select_face(None))
        self.brush_panel.activeToggled.connect(self._brush_on)
        self.brush_panel.settingsChanged.connect(self.brush.set_settings)
        self.brush_panel.overlayToggled.connect(self.brush.set_overlay)
        self.brush.strokeMoved.connect(self._stroke_moved)
        self.brush.strokeDone.connect(self._stroke_done)

    def _make_actions(self, window: QWidget) -> dict[str, QAction]:
        def act(name: str, text: str, keys: str, slot: object, tip: str) -> QAction:
            action = QAction(text, window)
            action.setObjectName(name)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.setToolTip(tip)
            action.setStatusTip(tip)
            action.triggered.connect(slot)
            window.addAction(action)
            return action

        faces = act(
            "showFacesAction",
            "Show &Faces",
            "",
            self._show_faces,
            "Numbered markers on the faces found: click one for its own settings",
        )
        faces.setCheckable(True)
        faces.setChecked(True)
        brush = act(
            "brushAction",
            "&Brush",
            "B",
            self.brush_panel.button.toggle,
            "Paint where the retouch goes (B)",
        )
        mask = act(
            "maskAction",
            "Brush &Mask",
            "O",
            self.brush_panel.overlay.toggle,
            "Show the brush strokes over the photo (O)",
        )
        return {
            "faces": faces,
            "brush": brush,
            "mask": mask,
            "bigger": act(
                "brushBiggerAction",
                "Bigger Brush",
                "]",
                lambda: self._resize(True),
                "A bigger brush (])",
            ),
            "smaller": act(
                "brushSmallerAction",
                "Smaller Brush",
                "[",
                lambda: self._resize(False),
                "A smaller brush ([)",
            ),
            "softer": act(
                "brushSofterAction",
                "Softer Brush",
                "Shift+]",
                lambda: self._soften(SOFTNESS_STEP),
                "A softer brush edge (Shift+])",
            ),
            "harder": act(
                "brushHarderAction",
                "Harder Brush",
                "Shift+[",
                lambda: self._soften(-SOFTNESS_STEP),
                "A harder brush edge (Shift+[)",
            ),
        }

    # --- faces --------------------------------------------------------------------------------

    def _faces_found(self, path: str, faces: list[FoundFace]) -> None:
        self.faces = faces
        self.select_face(None)
        self._show_markers()

    def _show_markers(self) -> None:
        edits = self.photos.edits()
        markers = []
        for number, face in enumerate(self.faces, 1):
            own = edits.face(*face) if edits is not None else None
            markers.append(
                Marker(
                    face.cx,
                    face.cy,
                    face.size,
                    number,
                    excluded=bool(own and own.excluded),
                    own=bool(own and own.params is not None),
                )
            )
        self.markers.show_faces(markers)

    def _show_faces(self, shown: bool) -> None:
        self.markers.set_visible(shown)

    def setting(self, number: int) -> FaceSetting:
        """Face ``number``'s setting as kept (or a plain one at its place)."""
        face = self.faces[number - 1]
        edits = self.photos.edits()
        own = edits.face(*face) if edits is not None else None
        return own or FaceSetting(face.cx, face.cy, face.size)

    def select_face(self, number: int | None) -> None:
        """Give the sliders to face ``number`` (None: to the whole photo)."""
        if number is not None and not 1 <= number <= len(self.faces):
            number = None
        self.selected = number
        self._face_of = self.photos.current
        self.markers.select(number)
        edits = self.photos.edits()
        if number is None or edits is None:
            self.face_panel.hide()
            self.panel.set_target("")
            self.photos.presets_box.set_face("")
            self.faceChosen.emit(None)
            if edits is not None:
                self.strengthsShown.emit(edits.params)
            return
        setting = self.setting(number)
        self.panel.set_target(f"Face {number}", left_out=setting.excluded)
        self.photos.presets_box.set_face(f"Face {number}")
        self.face_panel.show_face(
            number, len(self.faces), setting.excluded, setting.params is not None
        )
        self.faceChosen.emit((number, self.faces[number - 1]))
        self.strengthsShown.emit(setting.params or edits.params)

    def strengths_changed(self, params: Params, final: bool) -> bool:
        """The sliders moved: True when they belong to a face (its own strengths changed)."""
        if self.selected is None or self.photos.edits() is None:
            return False
        number = self.selected
        setting = self.setting(number)
        changed = FaceSetting(setting.cx, setting.cy, setting.size, False, params)
        self.photos.face_changed(changed, final, f"Settings of face {number}")
        self._regions_changed(final)
        self.face_panel.show_face(number, len(self.faces), False, True)
        return True

    def _exclude(self, excluded: bool) -> None:
        if self.selected is None:
            return
        number = self.selected
        setting = self.setting(number)
        changed = FaceSetting(setting.cx, setting.cy, setting.size, excluded, setting.params)
        what = f"Leave face {number} as it is" if excluded else f"Retouch face {number}"
        self.photos.face_changed(changed, True, what)
        self._regions_changed(True)
        self.select_face(number)

    def reset_face(self) -> bool:
        """Reset with a face chosen (the side panel's, or the face's "Photo's settings"):
        the face gets the photo's settings again, as one step of the undo history, and the
        status bar says so. False when no face is chosen (Reset is then the photo's)."""
        if self.selected is None or self.photos.edits() is None:
            return False
        number = self.selected
        setting = self.setting(number)
        if not setting.excluded and setting.params is None:
            self.photos.info.emit(f"Face {number} has the photo's settings already.")
            return True
        plain = FaceSetting(setting.cx, setting.cy, setting.size)
        self.photos.face_changed(plain, True, f"Photo's settings for face {number}")
        self._regions_changed(True)
        self.select_face(number)
        self.photos.info.emit(f"Face {number} has the photo's settings again (Ctrl+Z undoes it).")
        return True

    # --- the brush ----------------------------------------------------------------------------

    def _brush_on(self, on: bool) -> None:
        if on and self.photos.current is None:  # nothing to paint on
            self.brush_panel.button.setChecked(False)
            self.photos.info.emit("Open a photo first, then paint on it with the brush.")
            return
        self.brush.set_active(on)
        self.markers.set_visible(self.actions["faces"].isChecked() and not on)

    def _resize(self, bigger: bool) -> None:
        factor = SIZE_STEP if bigger else 1 / SIZE_STEP
        self.brush_panel.set_settings(self.brush.settings.bigger(factor))

    def _soften(self, step: float) -> None:
        self.brush_panel.set_settings(self.brush.settings.softer(step))

    def _stroke_moved(self, stroke: Stroke) -> None:
        edits = self.photos.edits()
        if edits is not None:  # the stroke so far, on the preview
            self.processor.set_regions(edits.regions.with_strokes([stroke]), final=False)

    def _stroke_done(self, stroke: Stroke) -> None:
        self.photos.stroke_done(stroke)
        self._regions_changed(True)

    # --- the photo's regions ------------------------------------------------------------------

    def _regions_changed(self, final: bool) -> None:
        edits = self.photos.edits()
        if edits is not None:
            self._regions_shown(edits.regions, final)

    def _edits_shown(self, regions: Regions) -> None:
        """The photo's edits as a selection, an undo or a redo makes them: with a face
        chosen on it, the sliders show that face's strengths as they now are."""
        self._regions_shown(regions)
        if self.selected is not None and self._face_of == self.photos.current:
            self.select_face(self.selected)

    def _regions_shown(self, regions: Regions, final: bool = True) -> None:
        """The photo's regions as they now are (selected, changed, undone)."""
        self.processor.set_regions(regions, final)
        self.brush.show_strokes(regions.strokes)
        self._show_markers()
        if self.selected is not None and final:
            self.markers.select(self.selected)
