"""The main window: filmstrip, before/after and comparison views, strength controls, and
the controllers it assembles (per-photo settings in the catalog with undo, results on
screen, export, the paid render, editing in place, the quit guard)."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ... import __version__
from ...core.engine import resolve_api_url
from ...core.engine_info import ENGINES, PREVIEW, EngineInfo, engine_info
from ...core.errors import Action, CatalogError, MissingKeyError, ParameterError
from ...core.io.metadata import RecordedSettings
from ...core.params import Params
from ...core.state import AppSettings, Catalog, PresetStore, SettingsStore
from ...workers.processor import Processor, engine_source
from ..dialogs.settings_dialog import SettingsDialog
from ..dialogs.shortcuts_dialog import ShortcutsDialog
from ..views.compare_view import CompareView
from ..views.filmstrip import Filmstrip
from ..views.filmstrip_filter import FilmstripPanel
from ..views.split_view import SplitView
from ..widgets.actions import Shortcut, fill, make_action
from ..widgets.batch_bar import BatchBar
from ..widgets.message_bar import MessageBar
from ..widgets.side_panel import SidePanel
from .cloud_render import CloudRender
from .credits_status import CreditsStatus
from .culling import CullingController
from .edit_in import EditIn
from .export_controller import ExportController, ask_to_pay
from .keys import KeysController
from .opening import Opener
from .photos_controller import PhotosController
from .quit_guard import QuitGuard
from .regions_controller import RegionsController
from .results_view import ResultsView
from .saving import Saver

log = logging.getLogger(__name__)

#: The first window's size, when it fits the screen (else 92% of the screen).
FIRST_SIZE = (1400, 900)


class CatalogStatus(QObject):
    """Carries the catalog's write failures (reported on its writer thread) to the GUI."""

    changed = Signal(object)  # the sentence while edits cannot be written, then None


class MainWindow(QMainWindow):
    photosOpened = Signal(int)  # how many new photos an open or drop added

    def __init__(self, store: SettingsStore | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("SmartSkin")
        self.setAcceptDrops(True)
        self.store = store or SettingsStore()
        self.settings: AppSettings = self.store.load()
        self.catalog_status = CatalogStatus(self)
        self.catalog = self._open_catalog()
        self.presets = PresetStore(self.catalog)
        self.catalog.default = self.presets.get(self.settings.default_preset) or Params()
        self.undo_stack = QUndoStack(self)
        self._unopened: set[str] = set()  # photos whose last load failed (this session)
        self.processor = Processor(
            engine_source(self.store, self.settings),
            self.catalog.default,
            parent=self,
            engine=self._restored_engine(),
        )
        self._build_ui()
        self._build_controllers()
        self._build_actions()
        self._connect()
        self._restore()
        for warning in [*self.store.warnings, *self.catalog.warnings]:
            self.message.show_message(warning, "info")
        self.catalog.warnings.clear()
        self.opener.reopen()

    # --- construction -------------------------------------------------------------------------

    def _open_catalog(self) -> Catalog:
        """The catalog in the settings folder; when none can be made there, one in a
        temporary folder, with a sentence now and a choice on quit."""
        report = self.catalog_status.changed.emit
        try:
            return Catalog(on_write_error=report)
        except CatalogError as err:
            log.warning("%s", err.message)
            place = Path(tempfile.mkdtemp(prefix="smartskin-catalog-"))
            catalog = Catalog(place, on_write_error=report)
            catalog.warnings.append(err.message)
            catalog.fallback = err.message
            return catalog

    def _build_ui(self) -> None:
        self.filmstrip = Filmstrip()
        self.filmstrip_panel = FilmstripPanel(self.filmstrip)  # the filter above it
        self.split_view = SplitView()
        self.compare_view = CompareView()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("viewTabs")
        self.tabs.addTab(self.split_view, "Before / After")
        self.tabs.addTab(self.compare_view, "Compare")
        self.tabs.setTabToolTip(0, "Original and result in one view, split by a divider.")
        self.tabs.setTabToolTip(1, "Several settings side by side on the same photo.")
        self.message = MessageBar()
        centre = QWidget()
        col = QVBoxLayout(centre)
        col.setContentsMargins(4, 4, 4, 4)
        col.addWidget(self.message)
        col.addWidget(self.tabs, 1)
        self.batch_bar = BatchBar()
        col.addWidget(self.batch_bar)

        self.panel = SidePanel()
        # The panel's controls, under the names the rest of the window uses.
        self.retouch, self.whitening = self.panel.retouch, self.panel.whitening
        self.engine_combo, self.info = self.panel.engine_combo, self.panel.info

        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.filmstrip_panel)
        self.splitter.addWidget(centre)
        # On a short screen the panel scrolls: its sliders and the brush's keep their size.
        self.panel_scroll = QScrollArea()
        self.panel_scroll.setObjectName("sidePanelScroll")
        self.panel_scroll.setWidget(self.panel)
        self.panel_scroll.setWidgetResizable(True)
        self.panel_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.panel_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar = self.panel_scroll.verticalScrollBar().sizeHint().width()
        self.panel_scroll.setMinimumWidth(self.panel.minimumWidth() + bar)
        self.splitter.addWidget(self.panel_scroll)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([self.filmstrip.default_width(), 700, 270])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)

        self.zoom_label = QLabel("")
        self.zoom_label.setObjectName("zoomLabel")
        self.zoom_label.setToolTip("Zoom: 100% shows one photo pixel per screen pixel.")
        for zooming in (self.split_view, self.compare_view):
            zooming.zoomChanged.connect(partial(self._zoom_shown, zooming))
        self.credits = CreditsStatus(self.store, self.settings)

    def _build_controllers(self) -> None:
        """Per-photo settings and undo; results on screen; the paid render; export; editing
        in place; the quit guard."""
        self.photos = PhotosController(
            self.filmstrip, self.catalog, self.presets, self.undo_stack, self
        )
        self.panel.add_section(self.photos.box)
        self.results = ResultsView(
            self.processor,
            self.split_view,
            self.compare_view,
            self.info,
            self.message,
            self.statusBar(),
            self,
        )
        # A photo that cannot be shown has no zoom (not the last photo's figure), and
        # nothing to edit until a photo is shown again.
        self.processor.photoFailed.connect(lambda *_: self._show_zoom())
        self.processor.photoFailed.connect(self._photo_failed)
        self.processor.previewReady.connect(lambda path, *_: self._photo_opened(path))
        self.processor.originalReady.connect(lambda path, *_: self._photo_opened(path))
        bar = self.statusBar()
        for widget in (
            self.credits,
            self.zoom_label,
            self.results.progress_label,
            self.results.progress,
            self.results.cancel_button,
        ):
            bar.addPermanentWidget(widget)
        self.cloud_render = CloudRender(self.processor, self.credits, self)
        self.panel.add_section(self.cloud_render.box)
        self.export = ExportController(
            self,
            self.settings.ui,
            self.filmstrip,
            self.photos,
            self.processor.engines,
            self.panel.engine,
            self.batch_bar,
            self.credits,
            lambda: resolve_api_url(self.settings),
        )
        self.compare_view.ask_to_pay = lambda count: ask_to_pay(
            self, count, self.credits.remaining, "Compare"
        )
        self.edit_in = EditIn(
            self,
            self.processor,
            self.message,
            self.settings,
            self.open_paths,
            self.filmstrip.select,
        )
        self.opener = Opener(
            self, self.filmstrip_panel, self.photos, self.settings, self.message, self.statusBar()
        )
        self.opener.photosOpened.connect(self.photosOpened)
        self.saver = Saver(
            self,
            self.processor,
            self.edit_in,
            self.photos,
            self.settings,
            self.message,
            self.statusBar(),
        )
        self.quit_guard = QuitGuard(
            self, self.processor, self.export, self.photos, self.message, self.close
        )
        self.regions = RegionsController(
            self, self.processor, self.photos, self.split_view, self.panel
        )
        # Culling (ratings, flags, labels: into every saved and exported file) and keys.
        self.culling = CullingController(self, self.filmstrip, self.catalog, self.undo_stack)
        self.culling.announce = self.photos.announce
        self.processor.culling_of = self.export.culling_of = self.culling.culling_for_file
        self.keys = KeysController(self, self.filmstrip, self.split_view, self.tabs, self.photos)
        for status in (self.culling.info, self.keys.info):
            status.connect(lambda text: self.statusBar().showMessage(text, 8000))

    def _build_actions(self) -> None:
        k = QKeySequence.StandardKey

        def act(
            text: str, keys: Shortcut, slot: Callable[[], object], tip: str, name: str = ""
        ) -> QAction:
            return make_action(self, text, keys, slot, tip, name)

        self.open_action = act(
            "&Open Photos…", k.Open, self.opener.open_dialog, "Open photos (Ctrl+O)", "openAction"
        )
        self.open_folder_action = act(
            "Open &Folder…",
            "Ctrl+Shift+O",
            self.opener.open_folder_dialog,
            "Open every photo in a folder",
        )
        self.recent_menu = self.opener.recent_menu
        self.open_edit_action = act(
            "Open for &Editing…",
            None,
            self.edit_in.open_dialog,
            "Open a photo so that Save writes back to it (a catalog's editing copy)",
            "openForEditingAction",
        )
        self.save_action = act(
            "&Save",
            k.Save,
            self.saver.save,
            "Save the result next to the original (Ctrl+S)",
            "saveAction",
        )
        self.save_as_action = act(
            "Save &As…",
            "Ctrl+Shift+S",
            self.saver.save_as,
            "Choose where and in which format to save",
        )
        self.export_action = act(
            "&Export…",
            "Ctrl+Shift+E",
            self.export.open_for_selection,
            "Export the selected or all photos, each with its own settings (Ctrl+Shift+E)",
            "exportAction",
        )
        self.remove_action = act(
            "&Remove from SmartSkin",
            "Del",
            self.remove_photos,
            "Take the selected photos out of the filmstrip; their files and settings are kept "
            "(Delete)",
            "removePhotosAction",
        )
        # Delete in the filmstrip only: elsewhere it is a comparison tile's or a text's.
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.filmstrip.addAction(self.remove_action)
        self.settings_action = act(
            "Se&ttings…", "Ctrl+,", self.open_settings, "API key and preferences"
        )
        quit_action = act("&Quit", k.Quit, self.close, "Quit SmartSkin")
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(k.Undo)
        self.undo_action.setObjectName("undoAction")
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        redo_keys = QKeySequence.keyBindings(k.Redo)
        if QKeySequence("Ctrl+Shift+Z") not in redo_keys:  # as on Linux, on every platform
            redo_keys.append(QKeySequence("Ctrl+Shift+Z"))
        self.redo_action.setShortcuts(redo_keys)
        self.redo_action.setObjectName("redoAction")
        self.addActions([self.undo_action, self.redo_action])
        sync_selected = act(
            "Sync to &Selected",
            None,
            self.photos.sync_selected,
            "Give the selected photos this photo's settings",
        )
        sync_all = act(
            "Sync to &All",
            None,
            self.photos.sync_all,
            "Give every photo shown this photo's strengths",
        )
        reset = act(
            "Rese&t",
            None,
            self.reset_params,
            "The default preset's settings (a face chosen: the photo's, for that face)",
        )
        # What a photo that cannot be opened has none of (no settings copied from it either).
        self.photo_actions = [sync_selected, sync_all, reset, self.keys.copy_action]
        shown = self.shown_view
        zoom_in = act("Zoom &In", ["Ctrl+=", "Ctrl++"], lambda: shown().zoom_in(), "Zoom in")
        zoom_out = act("Zoom &Out", "Ctrl+-", lambda: shown().zoom_out(), "Zoom out (Ctrl+-)")
        fit = act("&Fit", "Ctrl+0", self.fit, "Fit the photo (or the comparison) (Ctrl+0)")
        actual = act(
            "&100%",
            "Ctrl+1",
            lambda: shown().actual_pixels(),
            "One photo pixel per screen pixel (Ctrl+1)",
        )
        about = act("&About SmartSkin", None, self.about, "Version and licences")
        keys = act("&Keyboard shortcuts", None, self.show_shortcuts, "Every shortcut", "keysAction")

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        fill(file_menu, [self.open_action, self.open_folder_action])
        file_menu.addMenu(self.recent_menu)
        fill(
            file_menu,
            [
                self.open_edit_action,
                None,
                self.save_action,
                self.save_as_action,
                self.export_action,
                None,
                self.remove_action,
                None,
                self.settings_action,
                None,
                quit_action,
            ],
        )
        r = self.regions.actions
        brush = [r["brush"], r["bigger"], r["smaller"], r["softer"], r["harder"]]
        edit_menu = menu.addMenu("&Edit")
        fill(edit_menu, [self.undo_action, self.redo_action, None, sync_selected, sync_all, reset])
        fill(edit_menu, [None, *self.keys.edit_actions, None, *brush])
        view_menu = menu.addMenu("&View")
        fill(view_menu, [zoom_in, zoom_out, fit, actual])
        fill(view_menu, [None, *self.keys.view_actions, None, r["faces"], r["mask"]])
        fill(menu.addMenu("&Photo"), [*self.keys.photo_actions, None, *self.culling.actions])
        fill(menu.addMenu("&Help"), [keys, about])
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        fill(toolbar, [self.open_action, self.save_action, self.export_action, None, fit, actual])

    def _connect(self) -> None:
        p = self.processor
        p.engineChanged.connect(self._engine_shown)
        self.edit_in.targetShown.connect(self._show_target)
        self.edit_in.useSettings.connect(self._use_recorded_settings)
        self.panel.paramsChanged.connect(self._strengths_changed)
        self.regions.strengthsShown.connect(self.panel.show_params)
        self.regions.faceChosen.connect(self.results.show_face)
        self.photos.paramsShown.connect(self.set_params)
        self.photos.presets_box.presetChosen.connect(self._preset_chosen)
        self.photos.presets_box.deleted.connect(self._preset_deleted)
        self.photos.warning.connect(lambda text: self.message.show_message(text, "info"))
        self.photos.info.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.export.failed.connect(lambda text: self.message.show_message(text, "error"))
        self.export.info.connect(lambda text: self.message.show_message(text, "info"))
        self.engine_combo.currentIndexChanged.connect(self._engine_chosen)
        self.panel.reset_button.clicked.connect(self.reset_params)
        self.panel.compare_button.clicked.connect(self._add_comparison)
        self.filmstrip.photoSelected.connect(self._select_photo)
        self.message.actionTriggered.connect(self._message_action)
        self.compare_view.useParams.connect(partial(self._use, "Use comparison settings"))
        self.compare_view.addRequested.connect(self._add_comparison)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.catalog_status.changed.connect(self._catalog_written)

    def _restore(self) -> None:
        s = self.settings
        geometry = s.ui.get("geometry")
        if not geometry or not self.restoreGeometry(QByteArray.fromBase64(geometry.encode())):
            self._fit_screen()
        splitter = s.ui.get("splitter")
        if splitter:
            self.splitter.restoreState(QByteArray.fromBase64(splitter.encode()))
        self.split_view.set_split(float(s.ui.get("split", "0.5") or 0.5))
        compared = _compared(s.ui.get("compared"))
        if compared is not None:  # the settings compared when it closed, tiles added by hand too
            self.compare_view.set_variants(compared)
        if s.ui.get("view") == "compare":  # the tab that was on screen when it closed
            self.tabs.setCurrentWidget(self.compare_view)
        # The filmstrip's filter as it was (before the photos come back: they come filtered).
        self.filmstrip_panel.choose(s.ui.get("filter") or "all")
        # No photo yet: the settings new photos start from, named by the preset chooser.
        self.panel.show_params(self.catalog.default)
        self.photos.presets_box.set_current(self.catalog.default)
        self._engine_shown(self.processor.engine)

    def _fit_screen(self) -> None:
        """The first window: its usual size where the screen has room, else 92% of the
        screen (a 1024x768 screen included), centred on it."""
        screen = self.screen().availableGeometry()
        width = min(FIRST_SIZE[0], int(screen.width() * 0.92))
        height = min(FIRST_SIZE[1], int(screen.height() * 0.92))
        self.resize(width, height)
        self.move(screen.center().x() - width // 2, screen.center().y() - height // 2)

    # --- opening ------------------------------------------------------------------------------

    def open_paths(self, paths: Sequence[str | Path]) -> None:
        """Add photos and folders (see :class:`~.opening.Opener`)."""
        self.opener.open_paths(paths)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    def _select_photo(self, path: str) -> None:
        # A photo known not to open (✗, or failed this session) is not editable from the
        # moment it is selected (not only once its load fails again); shown after all, it is.
        record = self.catalog.get(path)
        broken = path in self._unopened or (record is not None and record.broken is not None)
        self._photo_usable(not broken)
        self.results.photo_chosen()
        self.edit_in.show_target(path)
        self.processor.set_photo(path)

    def remove_photos(self) -> None:
        """File > Remove from SmartSkin (Delete in the filmstrip): the selected photos (or
        the one shown) leave the filmstrip and the session. Nothing is deleted: their files
        stay, and so do their settings (opened again, they come back as they were)."""
        if self.export.running:
            self.message.show_message(
                "An export is running: wait for it to end (or cancel it), then remove photos.",
                "info",
            )
            return
        shown = self.photos.current
        paths = self.filmstrip.selected_paths() or ([shown] if shown else [])
        if not paths:
            self.statusBar().showMessage("Open some photos first.", 4000)
            return
        following = self.photos.remove(paths)
        if following is None:
            self._no_photo()
        elif following != shown:
            self.filmstrip.select(Path(following))
            if self.photos.current != following:  # already the filmstrip's current item
                self.filmstrip.photoSelected.emit(following)
        count = len(paths)
        what = f"{count} photos" if count > 1 else Path(paths[0]).name
        self.statusBar().showMessage(
            f"Removed {what} from SmartSkin. The files and their settings are kept: open "
            f"{'them' if count > 1 else 'it'} again to go on.",
            10000,
        )

    def _no_photo(self) -> None:
        """The last photo left the filmstrip: the window is as when it starts empty."""
        self.processor.close_photo()
        self.split_view.clear()
        self.compare_view.no_photo("No photo open.")
        self.info.setText("")
        self.setWindowTitle("SmartSkin")
        self._show_zoom()

    def _show_target(self, title: str, save_tip: str) -> None:
        self.setWindowTitle(title)
        self.save_action.setToolTip(save_tip)
        self.save_action.setStatusTip(save_tip)

    def _use_recorded_settings(self, recorded: RecordedSettings) -> None:
        if recorded.engine in ENGINES:
            self.panel.show_engine(recorded.engine)
        self._use("Use settings from this file", recorded.params)

    # --- parameters ---------------------------------------------------------------------------

    def params(self) -> Params:
        return self.panel.params()

    def _strengths_changed(self, params: Params, final: bool) -> None:
        """The sliders moved: a selected face's strengths, else the photo's."""
        if not self.regions.strengths_changed(params, final):
            self.processor.set_params(params, final)
            self.photos.params_changed(params, final)

    def set_params(self, params: Params) -> None:
        """Show and render ``params`` (the photo's settings, which the catalog holds)."""
        self.panel.show_params(params)
        self.processor.set_params(params, final=True)

    def _use(self, what: str, params: Params) -> None:
        self.regions.select_face(None)  # presets and Use are the whole photo's
        self.photos.use(params, what)

    def _preset_chosen(self, params: Params) -> None:
        name = self.presets.name_of(params)
        self._use(f"Preset {name}" if name else "Preset", params)

    def _preset_deleted(self, name: str) -> None:
        """Said in the status bar; new photos no longer start from a preset deleted."""
        if name != self.settings.default_preset:
            self.statusBar().showMessage(f"Deleted the preset “{name}”.", 5000)
            return
        fallback = AppSettings().default_preset
        self.settings.default_preset = fallback
        self.photos.set_default_preset(fallback)
        self.store.save(self.settings)
        self.statusBar().showMessage(
            f"Deleted the preset “{name}”: new photos start from {fallback} again.", 8000
        )

    def reset_params(self) -> None:
        """Reset what the sliders show: a face chosen gets the photo's settings again; else
        the photo goes back to the settings new photos start from (the default preset)."""
        if not self.regions.reset_face():
            self._use("Reset", self.photos.default_params())

    def _engine_chosen(self) -> None:
        """The engine menu: remembered, and asked of the processor (which says so to every
        part of the window through ``engineChanged``)."""
        name = str(self.engine_combo.currentData())
        self.settings.ui["engine"] = name
        self.message.hide()
        if engine_info(name).paid and not self.store.api_key():
            self.message.show_message(
                MissingKeyError().message, "info", (Action.OPEN_SETTINGS, Action.USE_LOCAL)
            )
        self.processor.set_engine(name)

    def _restored_engine(self) -> str:
        """The engine of the last session, else the one the settings imply."""
        name = self.settings.ui.get("engine") or self.store.effective_engine(self.settings)
        return name if name in ENGINES else self.store.effective_engine(self.settings)

    def _engine_shown(self, engine: EngineInfo) -> None:
        self.panel.show_engine(engine.name, quiet=True)
        self.compare_view.set_paid(engine.paid)
        self.credits.set_engine(engine)

    # --- messages -----------------------------------------------------------------------------

    def _message_action(self, action: Action) -> None:
        if action is Action.OPEN_SETTINGS:
            self.open_settings()
        elif action is Action.RETRY:
            self.processor.retry()
        elif action is Action.USE_LOCAL:
            self.panel.show_engine(PREVIEW.name)
        elif action is Action.USE_FILE_SETTINGS:
            self.edit_in.use_file_settings()
        elif action is Action.SAVE_EDITS_AGAIN:
            self.catalog.retry()

    def _catalog_written(self, problem: str | None) -> None:
        if problem is not None:
            self.message.show_message(problem, "error", (Action.SAVE_EDITS_AGAIN,))
        elif self.message.isVisible() and "catalog" in self.message.label.text():
            self.message.hide()
            self.statusBar().showMessage("Your edits are saved again.", 8000)

    def _add_comparison(self) -> None:
        if self.photos.current is None:
            self.statusBar().showMessage(
                "Open a photo first: Compare shows settings side by side on it.", 8000
            )
            return
        self.compare_view.add_variant(self.params())
        self.tabs.setCurrentWidget(self.compare_view)

    def shown_view(self) -> SplitView | CompareView:
        """The view the zoom actions and keys act on: the comparison while it is shown."""
        return (
            self.compare_view if self.tabs.currentWidget() is self.compare_view else self.split_view
        )

    def _zoom_shown(self, view: QWidget, percent: int) -> None:
        if view is self.shown_view():
            # No photo shown (none open, or it cannot be opened): no zoom figure.
            shown = self.photos.current is not None and self.split_view.item.before is not None
            self.zoom_label.setText(f"{percent}%" if shown else "")

    def _photo_failed(self, path: str, _message: str) -> None:
        self._unopened.add(path)
        self._photo_usable(False)

    def _photo_opened(self, path: str) -> None:
        self._unopened.discard(path)
        self._photo_usable(True)

    def _photo_usable(self, usable: bool) -> None:
        """The photo selected can be edited (shown), or not (it cannot be opened): then its
        strengths, presets, sync, comparison and brush are off, so nothing is set on, or
        synced from, a photo nobody can see."""
        self.panel.set_usable(usable)
        self.compare_view.set_usable(usable)
        for action in self.photo_actions:
            action.setEnabled(usable)

    def _show_zoom(self) -> None:
        view = self.shown_view()
        self._zoom_shown(view, view.zoom_percent())

    def fit(self) -> None:
        """Ctrl+0: fit the photo, or every tile of the comparison when it is shown."""
        self.shown_view().fit()

    def show_shortcuts(self) -> None:
        dialog = ShortcutsDialog(self.actions(), self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.compare_view:
            self.compare_view.fit_all()
        self._show_zoom()

    # --- saving and dialogs -------------------------------------------------------------------

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.store, self.settings, self, self.presets.names())
        if not dialog.exec():
            return
        self.settings.api_url, self.settings.engine = dialog.chosen()
        self.settings.default_preset = dialog.chosen_preset()
        self.photos.set_default_preset(dialog.chosen_preset())
        self.store.save(self.settings)
        # The engine the settings now imply: the chosen default, or cloud once a key is set.
        index = self.engine_combo.findData(self.store.effective_engine(self.settings))
        if index != self.engine_combo.currentIndex():
            self.engine_combo.setCurrentIndex(index)  # re-runs the current photo
        elif self.processor.engine.paid:
            self.message.hide()
            self.processor.retry()

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About SmartSkin",
            f"<h3>SmartSkin {__version__}</h3><p>Natural portrait skin retouching.</p>"
            "<p>Local engine: numpy and OpenCV with Google MediaPipe face models "
            "(Apache License 2.0). Cloud engine: AILabTools smart-skin API.</p>"
            "<p>Built with Qt for Python (PySide6, LGPLv3), OpenCV (Apache 2.0), NumPy (BSD), "
            "Pillow (MIT-CMU), requests (Apache 2.0), platformdirs (MIT), Werkzeug (BSD).</p>"
            "<p>Sample portraits: NASA and U.S. Navy photographs, public domain.</p>",
        )

    # --- quitting -----------------------------------------------------------------------------

    def remember(self) -> None:
        ui = self.settings.ui
        ui["geometry"] = bytes(self.saveGeometry().toBase64().data()).decode()
        ui["splitter"] = bytes(self.splitter.saveState().toBase64().data()).decode()
        ui["split"] = f"{self.split_view.split:.3f}"
        ui["view"] = "compare" if self.tabs.currentWidget() is self.compare_view else "split"
        ui["compared"] = " ".join(
            f"{p.retouch:.2f}/{p.whitening:.2f}" for p in self.compare_view.variants
        )
        ui["filter"] = self.filmstrip_panel.choice()
        ui["engine"] = self.engine_combo.currentData()
        p = self.params()
        self.settings.retouch, self.settings.whitening = p.retouch, p.whitening
        try:
            self.store.save(self.settings)
        except Exception as err:  # never block quitting on a settings write
            log.warning("could not save settings: %s", err)

    def quit_now(self) -> None:
        """Quit as Quit does, without questions (SIGTERM, Ctrl+C in the terminal)."""
        self.quit_guard.quit_now()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.quit_guard.may_close():
            event.ignore()
            return
        self.remember()
        self.export.shutdown()
        self.credits.shutdown()
        self.opener.shutdown()
        self.filmstrip.shutdown()
        self.processor.shutdown()
        if not self.catalog.close():
            log.warning("the catalog could not write every edit: %s", self.catalog.write_error)
        event.accept()


def _compared(text: str | None) -> list[Params] | None:
    """The comparison's settings as :meth:`MainWindow.remember` wrote them ("0.50/1.00
    1.00/1.40"); None when there are none written or they cannot be read (the presets)."""
    if text is None:
        return None
    try:
        return [Params.parse(*pair.split("/")) for pair in text.split()]
    except (ParameterError, TypeError):
        return None
