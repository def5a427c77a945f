"""The main window: filmstrip, before/after and comparison views, strength controls."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QImage,
    QKeySequence,
    QPixmap,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from ..core.imageio import SUPPORTED_SUFFIXES, is_supported_path, load_preview
from ..core.params import Params
from ..core.pipeline import expand_inputs
from ..core.saving import FORMAT_BY_SUFFIX, default_output_path
from ..core.settings import Settings, SettingsStore
from ..workers.convert import to_qimage
from ..workers.jobs import JobRunner
from ..workers.processor import Processor
from .compare_view import CompareView
from .controls import StrengthControl
from .message_bar import MessageBar
from .settings_dialog import SettingsDialog
from .split_view import SplitView

log = logging.getLogger(__name__)
ENGINES = [("local", "Local (offline)"), ("cloud", "Cloud (AILabTools)")]
FILTER = "Photos (" + " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES) + ")"
SAVE_FILTERS = ["JPEG (*.jpg *.jpeg)", "PNG (*.png)", "TIFF (*.tif *.tiff)", "WebP (*.webp)"]


def with_filter_suffix(path: Path, chosen_filter: str) -> Path:
    """Add the chosen filter's extension when the typed name has no known one."""
    if path.suffix.lower() in FORMAT_BY_SUFFIX:
        return path
    first = (
        chosen_filter.split("(*")[-1].split()[0].rstrip(")") if "(*" in chosen_filter else ".jpg"
    )
    return path.with_name(path.name + first)


class MainWindow(QMainWindow):
    def __init__(self, store: SettingsStore | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("SmartSkin")
        self.setAcceptDrops(True)
        self.store = store or SettingsStore()
        self.settings: Settings = self.store.load()
        self.processor = Processor(self.store, self.settings, self)
        self.thumbs = JobRunner(1, self)
        self.thumbs.signals.finished.connect(self._on_thumb)
        self._thumb_queue: list[str] = []
        self._thumb_timer = QTimer(self, singleShot=True, interval=800)
        self._thumb_timer.timeout.connect(self._make_thumbnails)
        self._shown_full: tuple[str, Params] | None = None
        self._build_ui()
        self._build_actions()
        self._connect()
        self._restore()
        for warning in self.store.warnings:
            self.message.show_message(warning, "info")

    # --- construction -------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.filmstrip = QListWidget()
        self.filmstrip.setObjectName("filmstrip")
        self.filmstrip.setViewMode(QListView.ViewMode.IconMode)
        self.filmstrip.setFlow(QListView.Flow.TopToBottom)
        self.filmstrip.setWrapping(False)
        self.filmstrip.setMovement(QListView.Movement.Static)
        self.filmstrip.setIconSize(QSize(112, 84))
        self.filmstrip.setGridSize(QSize(128, 110))
        self.filmstrip.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.filmstrip.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.filmstrip.setMinimumWidth(140)
        self.filmstrip.setToolTip("Photos you opened. Drop more photos or folders anywhere.")
        self.filmstrip.setAcceptDrops(False)

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

        self.retouch = StrengthControl(
            "Retouch (smooth skin)",
            "retouch",
            "How much skin is smoothed and blemishes removed. 1.00 keeps pores; 1.50 is strong.",
        )
        self.whitening = StrengthControl(
            "Brighten skin",
            "whitening",
            "How much skin is brightened (the service calls this whitening). Hue is kept.",
        )
        self.engine_combo = QComboBox()
        self.engine_combo.setObjectName("engineCombo")
        for value, text in ENGINES:
            self.engine_combo.addItem(text, value)
        self.engine_combo.setToolTip(
            "Local works offline and free. Cloud uses your AILabTools "
            "API key (5 credits per photo)."
        )
        self.reset_button = QPushButton("Reset to defaults")
        self.reset_button.setToolTip("Set both strengths back to 1.00.")
        self.compare_button = QPushButton("Add to comparison")
        self.compare_button.setToolTip("Add the current settings as a tile in the Compare view.")
        self.info = QLabel("")
        self.info.setObjectName("hint")
        self.info.setWordWrap(True)
        panel = QWidget()
        panel.setMinimumWidth(250)
        pcol = QVBoxLayout(panel)
        pcol.addWidget(QLabel("Engine"))
        pcol.addWidget(self.engine_combo)
        pcol.addSpacing(12)
        pcol.addWidget(self.retouch)
        pcol.addSpacing(8)
        pcol.addWidget(self.whitening)
        pcol.addSpacing(8)
        pcol.addWidget(self.reset_button)
        pcol.addWidget(self.compare_button)
        pcol.addSpacing(8)
        pcol.addWidget(self.info)
        pcol.addStretch(1)

        self.splitter = QSplitter()
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.filmstrip)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(panel)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([160, 900, 270])
        self.setCentralWidget(self.splitter)

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
        bar = self.statusBar()
        bar.addPermanentWidget(self.progress_label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)

    def _action(
        self,
        text: str,
        shortcut: QKeySequence | str | list[QKeySequence] | None,
        slot: object,
        tip: str,
        name: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if isinstance(shortcut, list):
            action.setShortcuts(shortcut)
        elif shortcut is not None:
            action.setShortcut(shortcut)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)  # type: ignore[arg-type]
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        k = QKeySequence.StandardKey
        self.open_action = self._action(
            "&Open Photos…",
            QKeySequence(k.Open),
            self.open_dialog,
            "Open photos (Ctrl+O)",
            "openAction",
        )
        self.open_folder_action = self._action(
            "Open &Folder…", "Ctrl+Shift+O", self.open_folder_dialog, "Open every photo in a folder"
        )
        self.save_action = self._action(
            "&Save",
            QKeySequence(k.Save),
            self.save,
            "Save the result next to the original (Ctrl+S)",
            "saveAction",
        )
        self.save_as_action = self._action(
            "Save &As…", "Ctrl+Shift+S", self.save_as, "Choose where and in which format to save"
        )
        self.settings_action = self._action(
            "Se&ttings…", "Ctrl+,", self.open_settings, "API key and preferences"
        )
        quit_action = self._action("&Quit", QKeySequence(k.Quit), self.close, "Quit SmartSkin")
        view = self.split_view
        zoom_in = self._action(
            "Zoom &In",
            [QKeySequence("Ctrl+="), QKeySequence("Ctrl++")],
            view.zoom_in,
            "Zoom in (Ctrl+=)",
        )
        zoom_out = self._action("Zoom &Out", "Ctrl+-", view.zoom_out, "Zoom out (Ctrl+-)")
        fit = self._action("&Fit", "Ctrl+0", view.fit, "Fit the photo in the window (Ctrl+0)")
        actual = self._action(
            "&100%", "Ctrl+1", view.actual_pixels, "One photo pixel per screen pixel (Ctrl+1)"
        )
        about = self._action("&About SmartSkin", None, self.about, "Version and licences")

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        for a in (
            self.open_action,
            self.open_folder_action,
            None,
            self.save_action,
            self.save_as_action,
            None,
            self.settings_action,
            None,
            quit_action,
        ):
            file_menu.addSeparator() if a is None else file_menu.addAction(a)
        view_menu = menu.addMenu("&View")
        for a in (zoom_in, zoom_out, fit, actual):
            view_menu.addAction(a)
        menu.addMenu("&Help").addAction(about)
        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        for a in (self.open_action, self.save_action, None, fit, actual):
            toolbar.addSeparator() if a is None else toolbar.addAction(a)

    def _connect(self) -> None:
        p = self.processor
        p.previewReady.connect(self._on_preview)
        p.originalReady.connect(self._on_original)
        p.resultReady.connect(self._on_result)
        p.variantReady.connect(self._on_variant)
        p.failed.connect(self._on_failed)
        p.photoFailed.connect(self._on_photo_failed)
        p.saved.connect(self._on_saved)
        p.notes.connect(self._on_notes)
        p.progress.connect(self._on_progress)
        p.busyChanged.connect(self._on_busy)
        self.retouch.changed.connect(self._params_changed)
        self.whitening.changed.connect(self._params_changed)
        self.engine_combo.currentIndexChanged.connect(self._engine_changed)
        self.reset_button.clicked.connect(self.reset_params)
        self.compare_button.clicked.connect(self._add_comparison)
        self.cancel_button.clicked.connect(self._cancel)
        self.filmstrip.currentItemChanged.connect(self._select_item)
        self.message.actionTriggered.connect(self._message_action)
        self.compare_view.renderRequested.connect(self.processor.request_variant)
        self.compare_view.useParams.connect(self.set_params)
        self.tabs.currentChanged.connect(self._tab_changed)

    def _restore(self) -> None:
        s = self.settings
        geometry = s.ui.get("geometry")
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode()))
        else:
            self.resize(1400, 900)
        splitter = s.ui.get("splitter")
        if splitter:
            self.splitter.restoreState(QByteArray.fromBase64(splitter.encode()))
        self.split_view.set_split(float(s.ui.get("split", "0.5") or 0.5))
        self.retouch.set_value(s.retouch)
        self.whitening.set_value(s.whitening)
        engine = s.ui.get("engine") or self.store.effective_engine(s)
        index = max(0, self.engine_combo.findData(engine))
        self.engine_combo.blockSignals(True)
        self.engine_combo.setCurrentIndex(index)
        self.engine_combo.blockSignals(False)
        self.processor.set_engine(self.engine_combo.currentData())
        self.compare_view.set_paid(self.engine_combo.currentData() == "cloud")

    # --- opening ------------------------------------------------------------------------------

    def open_paths(self, paths: list[str] | list[Path]) -> int:
        """Add photos (files and folders) to the filmstrip; returns how many were added."""
        known = {
            self.filmstrip.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.filmstrip.count())
        }
        added: list[str] = []
        skipped: list[str] = []
        for path in expand_inputs(paths):
            if not path.is_file():
                skipped.append(f"“{path.name}” was not found")
            elif not is_supported_path(path):
                skipped.append(f"“{path.name}” is not a supported photo")
            elif str(path.resolve()) not in known:
                key = str(path.resolve())
                known.add(key)
                item = QListWidgetItem(path.name)
                item.setData(Qt.ItemDataRole.UserRole, key)
                item.setToolTip(key)
                self.filmstrip.addItem(item)
                added.append(key)
                self._thumb_queue.append(key)
        if paths:
            first = Path(paths[0])
            self.settings.last_open_dir = str(first if first.is_dir() else first.parent)
        if skipped:
            more = f" and {len(skipped) - 3} more" if len(skipped) > 3 else ""
            self.message.show_message("Skipped: " + "; ".join(skipped[:3]) + more + ".", "info")
        elif not added and not paths:
            return 0
        if added:
            # Thumbnails wait a moment: the selected photo's preview goes first.
            self._thumb_timer.start()
            for i in range(self.filmstrip.count()):
                if self.filmstrip.item(i).data(Qt.ItemDataRole.UserRole) == added[0]:
                    self.filmstrip.setCurrentRow(i)
                    break
        elif not skipped:
            self.statusBar().showMessage("No new photos found there.", 5000)
        return len(added)

    def open_dialog(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Open Photos", self.settings.last_open_dir, FILTER
        )
        if files:
            self.open_paths(files)

    def open_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open Folder", self.settings.last_open_dir)
        if folder:
            self.open_paths([folder])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    def _select_item(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        path = item.data(Qt.ItemDataRole.UserRole)
        self.message.hide()
        self.split_view.clear_result()
        self._shown_full = None
        self.setWindowTitle(f"{Path(path).name} — SmartSkin")
        self.processor.set_photo(path)

    # --- parameters ---------------------------------------------------------------------------

    def params(self) -> Params:
        return Params(self.retouch.value(), self.whitening.value())

    def set_params(self, params: Params) -> None:
        self.retouch.set_value(params.retouch)
        self.whitening.set_value(params.whitening)
        self.processor.set_params(params, final=True)

    def reset_params(self) -> None:
        self.set_params(Params())

    def _params_changed(self, _value: float, final: bool) -> None:
        self.processor.set_params(self.params(), final)

    def _engine_changed(self) -> None:
        engine = self.engine_combo.currentData()
        self.settings.ui["engine"] = engine
        self.message.hide()
        if engine == "cloud" and not self.store.api_key():
            self.message.show_message(
                "The cloud engine needs an AILabTools API key. Enter it in Settings, or keep "
                "using the local engine (offline, free).",
                "info",
                ("open_settings", "use_local"),
            )
        self._shown_full = None
        self.processor.set_engine(engine)
        self.compare_view.set_paid(engine == "cloud")

    # --- processor results --------------------------------------------------------------------

    def _on_preview(self, path: str, image: QImage, width: int, height: int) -> None:
        pixmap = QPixmap.fromImage(image)
        self.split_view.set_original(pixmap, (width, height))
        self.compare_view.set_original(pixmap, (width, height))

    def _on_original(self, path: str, image: QImage) -> None:
        self.split_view.set_original_full(image)

    def _on_result(
        self, path: str, params: Params, image: QImage, full: bool, full_image: QImage | None
    ) -> None:
        if not full and self._shown_full == (path, params):
            return  # a full-resolution result of the same settings is already on screen
        self.split_view.set_result(QPixmap.fromImage(image), full_image)
        self._shown_full = (path, params) if full else None
        if full:
            self.info.setText(f"Showing {params.label()} at full resolution.")

    def _on_notes(self, notes: list[str]) -> None:
        if notes:
            self.info.setText(self.info.text() + "\n" + "\n".join(notes))

    def _make_thumbnails(self) -> None:
        queue, self._thumb_queue = self._thumb_queue, []
        for key in queue:
            self.thumbs.start(lambda p, c, k=key: (k, to_qimage(load_preview(k, 224))))

    def _on_thumb(self, _job: int, result: tuple[str, QImage]) -> None:
        key, image = result
        for i in range(self.filmstrip.count()):
            item = self.filmstrip.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == key:
                item.setIcon(QIcon(QPixmap.fromImage(image)))

    def _on_variant(self, tag: object, params: Params, image: QImage) -> None:
        self.compare_view.set_variant_image(tag, params, QPixmap.fromImage(image))

    def _on_failed(self, code: str, message: str, action: str) -> None:
        actions: tuple[str, ...] = (action,) if action != "none" else ()
        if self.processor.engine_name == "cloud" and "use_local" not in actions:
            actions += ("use_local",)
        self.message.show_message(message, "error", actions)
        self.compare_view.failed(message)

    def _on_photo_failed(self, path: str, message: str) -> None:
        self.message.show_message(message, "error")

    def _on_saved(self, path: str) -> None:
        self.statusBar().showMessage(f"Saved to {path}", 15000)

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 1000))
        self.progress_label.setText(message)

    def _on_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if not busy:
            self.progress_label.setText("")
            self.progress.setValue(0)

    def _cancel(self) -> None:
        self.processor.cancel()
        self.statusBar().showMessage("Cancelled.", 4000)

    def _message_action(self, action: str) -> None:
        if action == "open_settings":
            self.open_settings()
        elif action == "retry":
            self.processor.retry()
        elif action == "use_local":
            self.engine_combo.setCurrentIndex(self.engine_combo.findData("local"))

    def _add_comparison(self) -> None:
        self.compare_view.add_variant(self.params())
        self.tabs.setCurrentWidget(self.compare_view)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.compare_view:
            self.compare_view.fit_all()

    # --- saving and dialogs -------------------------------------------------------------------

    def save(self) -> None:
        if self.processor.path is None:
            self.statusBar().showMessage("Open a photo first.", 4000)
            return
        self.statusBar().showMessage("Saving…")
        self.processor.save()

    def save_as(self) -> None:
        if self.processor.path is None:
            return
        target, chosen = QFileDialog.getSaveFileName(
            self,
            "Save As",
            str(self._save_suggestion()),
            ";;".join(SAVE_FILTERS),
            self._save_filter(),
        )
        if target:
            path = with_filter_suffix(Path(target), chosen)
            self.settings.last_save_dir = str(path.parent)  # "where the user chose last"
            # The dialog asked before replacing an existing file; the original stays protected.
            self.processor.save(str(path), overwrite=True)

    def _save_suggestion(self) -> Path:
        source = Path(self.processor.path or "photo.jpg")
        folder = Path(self.settings.last_save_dir) if self.settings.last_save_dir else None
        return default_output_path(source, folder)

    def _save_filter(self) -> str:
        suffix = self._save_suggestion().suffix.lower()
        return next((f for f in SAVE_FILTERS if f"*{suffix}" in f), SAVE_FILTERS[0])

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.store, self.settings, self)
        if not dialog.exec():
            return
        self.store.save(self.settings)
        # The engine the settings now imply: the chosen default, or cloud once a key is set.
        index = self.engine_combo.findData(self.store.effective_engine(self.settings))
        if index != self.engine_combo.currentIndex():
            self.engine_combo.setCurrentIndex(index)  # re-runs the current photo
        elif self.processor.engine_name == "cloud":
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
        ui["engine"] = self.engine_combo.currentData()
        p = self.params()
        self.settings.retouch, self.settings.whitening = p.retouch, p.whitening
        try:
            self.store.save(self.settings)
        except Exception as err:  # never block quitting on a settings write
            log.warning("could not save settings: %s", err)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.remember()
        self._thumb_timer.stop()
        self.thumbs.shutdown()
        self.processor.shutdown()
        event.accept()
