"""The keyboard habits of Lightroom and Capture One, as actions of the window: Left/Right
and Up/Down move in the filmstrip, Z toggles fit / 100%, backslash toggles before / after
(a tap toggles; held, it shows the original until it is let go), Y shows before and after
side by side, Ctrl+Shift+C / Ctrl+Shift+V copy and paste settings, F full screen (Esc
leaves it).

These keys work anywhere in the window, except while a text or number field has the
focus: plain keys then go to the field (digits into a spin box, arrows move its caret or
step its value), and the arrow keys, Page Up/Down, Home and End to a focused slider; which
is what :class:`KeysController` arranges through the window's shortcut-override events.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from ...core.params import Params
from ..views.compare_view import CompareView
from ..views.filmstrip import Filmstrip
from ..views.split_view import SplitView
from ..widgets.actions import Shortcut, make_action
from .photos_controller import PhotosController

#: Backslash held at least this long counts as held (the original shows while it is down)
#: when the system sends no auto-repeat; auto-repeat says so sooner.
HOLD_MS = 400
_COMMAND_KEYS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


#: The keys a focused slider moves with (its value, not the filmstrip).
SLIDER_KEYS = (
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_PageDown,
    Qt.Key.Key_Home,
    Qt.Key.Key_End,
)


def types_text(widget: QWidget | None) -> bool:
    """Is ``widget`` a text or number field (where plain keys are typed)?"""
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, QLineEdit | QAbstractSpinBox | QTextEdit | QPlainTextEdit)


def takes_key(widget: QWidget | None, event: QKeyEvent) -> bool:
    """Does the focused ``widget`` take this key itself, rather than a shortcut? Plain keys
    in a text or number field; a slider's own keys."""
    if event.modifiers() & _COMMAND_KEYS or event.key() == Qt.Key.Key_Escape:
        return False
    if isinstance(widget, QAbstractSlider):
        return event.key() in SLIDER_KEYS
    return types_text(widget)


class KeyHold(QObject):
    """Watches one key from its press until it is let go: ``ended(held)`` then says whether
    it was held (auto-repeat came, or :data:`HOLD_MS` passed) or tapped."""

    ended = Signal(bool)

    def __init__(self, key: Qt.Key, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.hold_ms = HOLD_MS
        self.watching = False
        self._held = False
        self._clock = QElapsedTimer()

    def start(self) -> None:
        self.stop()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
            self.watching, self._held = True, False
            self._clock.start()

    def stop(self) -> None:
        if self.watching:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self.watching = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ApplicationDeactivate:  # let go elsewhere: it was held
            self._end(True)
        elif isinstance(event, QKeyEvent) and event.key() == self.key:
            if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
                if event.isAutoRepeat():
                    self._held = True
                else:  # pressed again: the last press never reported its release
                    self._end(False)
            elif kind == QEvent.Type.KeyRelease and not event.isAutoRepeat():
                self._end(self._held or self._clock.elapsed() >= self.hold_ms)
        return False

    def _end(self, held: bool) -> None:
        if self.watching:
            self.stop()
            self.ended.emit(held)


class KeysController(QObject):
    """``info(str)``: a sentence for the status bar (what was copied or pasted)."""

    info = Signal(str)

    def __init__(
        self,
        window: QMainWindow,
        filmstrip: Filmstrip,
        view: SplitView,
        tabs: QTabWidget,
        photos: PhotosController,
    ) -> None:
        super().__init__(window)
        self.window, self.filmstrip, self.view, self.tabs = window, filmstrip, view, tabs
        self.photos = photos
        self.copied: Params | None = None
        self._was_maximized = False
        self._original_before = False  # shown before the backslash went down
        self.hold = KeyHold(Qt.Key.Key_Backslash, self)
        self.hold.ended.connect(self._backslash_up)

        def act(
            text: str, keys: Shortcut, slot: Callable[[], object], tip: str, name: str
        ) -> QAction:
            action = make_action(window, text, keys, slot, tip, name)
            action.setAutoRepeat(name in ("previousPhotoAction", "nextPhotoAction"))
            return action

        self.previous_action = act(
            "P&revious Photo",
            ["Left", "Up"],
            lambda: self.filmstrip.step(-1),
            "The previous photo in the filmstrip (Left or Up)",
            "previousPhotoAction",
        )
        self.next_action = act(
            "&Next Photo",
            ["Right", "Down"],
            lambda: self.filmstrip.step(1),
            "The next photo in the filmstrip (Right or Down)",
            "nextPhotoAction",
        )
        self.first_action = act(
            "&First Photo",
            "Home",
            lambda: self.filmstrip.step_to_end(False),
            "The first photo in the filmstrip (Home)",
            "firstPhotoAction",
        )
        self.last_action = act(
            "&Last Photo",
            "End",
            lambda: self.filmstrip.step_to_end(True),
            "The last photo in the filmstrip (End)",
            "lastPhotoAction",
        )
        self.zoom_action = act(
            "&Zoom: Fit or 100%",
            "Z",
            self.toggle_zoom,
            "Fit the photo, or see it at 100% (Z)",
            "zoomToggleAction",
        )
        self.before_after_action = act(
            "&Before / After",
            "\\",
            self.before_after,
            "Tap \\ to see the whole original until you tap it again; hold it to see the "
            "original while it is held",
            "beforeAfterAction",
        )
        self.side_by_side_action = act(
            "Before and After &Side by Side",
            "Y",
            self.toggle_side_by_side,
            "The original and the result side by side, one zoom and pan (Y)",
            "sideBySideAction",
        )
        self.side_by_side_action.setCheckable(True)
        self.full_screen_action = act(
            "F&ull Screen",
            "F",
            self.toggle_full_screen,
            "Full screen (F; Esc leaves it)",
            "fullScreenAction",
        )
        self.full_screen_action.setCheckable(True)
        self.leave_full_screen_action = act(
            "Leave Full Screen",
            "Esc",
            self.leave_full_screen,
            "Leave full screen (Esc)",
            "leaveFullScreenAction",
        )
        self.leave_full_screen_action.setEnabled(False)
        self.copy_action = act(
            "&Copy Settings",
            "Ctrl+Shift+C",
            self.copy_settings,
            "Copy this photo's settings (Ctrl+Shift+C)",
            "copySettingsAction",
        )
        self.paste_action = act(
            "&Paste Settings",
            "Ctrl+Shift+V",
            self.paste_settings,
            "Give the selected photos the settings copied (Ctrl+Shift+V; Ctrl+Z undoes it)",
            "pasteSettingsAction",
        )
        view.sideBySideChanged.connect(self.side_by_side_action.setChecked)
        window.installEventFilter(self)

    @property
    def view_actions(self) -> list[QAction | None]:
        return [
            self.zoom_action,
            self.before_after_action,
            self.side_by_side_action,
            None,
            self.full_screen_action,
            self.leave_full_screen_action,
        ]

    @property
    def edit_actions(self) -> list[QAction | None]:
        return [self.copy_action, self.paste_action]

    @property
    def photo_actions(self) -> list[QAction | None]:
        return [self.previous_action, self.next_action, self.first_action, self.last_action]

    # --- the photo view -----------------------------------------------------------------------

    def _show_split_view(self) -> None:
        if self.tabs.currentWidget() is not self.view:
            self.tabs.setCurrentWidget(self.view)

    def toggle_zoom(self) -> None:
        """Z: fit or 100%, in the comparison's tiles while it is shown."""
        shown = self.tabs.currentWidget()
        (shown if isinstance(shown, CompareView) else self.view).toggle_zoom()

    def before_after(self) -> None:
        """Backslash down: the other of original / before-after, until it is let go (held)
        or tapped again (a tap)."""
        self._show_split_view()
        self._original_before = self.view.showing_original()
        self.view.set_show_original(not self._original_before)
        self.hold.start()

    def _backslash_up(self, held: bool) -> None:
        if held:
            self.view.set_show_original(self._original_before)

    def toggle_side_by_side(self) -> None:
        self._show_split_view()
        self.view.set_side_by_side(not self.view.side_by_side)

    # --- the window ---------------------------------------------------------------------------

    def toggle_full_screen(self) -> None:
        if self.window.isFullScreen():
            self.leave_full_screen()
        else:
            self._was_maximized = self.window.isMaximized()
            self.window.showFullScreen()

    def leave_full_screen(self) -> None:
        if not self.window.isFullScreen():
            return
        if self._was_maximized:
            self.window.showMaximized()
        else:
            self.window.showNormal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            # A plain key in a text or number field is typed there, not a shortcut.
            if takes_key(QApplication.focusWidget(), event):
                event.accept()
                return True
        elif kind == QEvent.Type.WindowStateChange and watched is self.window:
            full = self.window.isFullScreen()
            self.full_screen_action.setChecked(full)
            self.leave_full_screen_action.setEnabled(full)
        return False

    # --- settings -----------------------------------------------------------------------------

    def copy_settings(self) -> None:
        path = self.photos.current
        if path is None:
            self.info.emit("Open a photo first, then copy its settings.")
            return
        self.copied = self.photos.params(path)
        self.info.emit(
            f"Copied the settings ({self.copied.label()}): Ctrl+Shift+V gives them to the "
            "selected photos."
        )

    def paste_settings(self) -> None:
        if self.copied is None:
            self.info.emit("Copy a photo's settings first (Ctrl+Shift+C), then paste them.")
            return
        targets = self.filmstrip.selected_paths()
        if not targets and self.photos.current is not None:
            targets = [self.photos.current]
        if not targets:
            self.info.emit("Choose the photos to paste the settings to in the filmstrip.")
            return
        self.photos.paste(self.copied, targets)
