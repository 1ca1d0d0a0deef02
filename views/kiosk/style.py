"""The kiosk's look: large type, high contrast, a thick focus ring, and buttons that
answer Enter as well as Space (outside dialogs Qt's buttons take only Space).

Colours meet WCAG AA contrast against white; sizes are in points so the text stays
large on any screen density. Every rule is scoped to the kiosk window's id (its
dialogs included), which also makes it outrank the window's base rule.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

INK = "#111111"
BLUE = "#0b3d91"
RED = "#b00020"
AMBER_BG = "#fff4cc"
AMBER_INK = "#5c4500"
GREEN = "#1b5e20"
FOCUS = "#ffb000"

KIOSK_STYLE = f"""
#kioskWindow, #kioskWindow QWidget {{
    background: #ffffff; color: {INK}; font-size: 20pt;
}}
#kioskWindow QLabel[kiosk="title"] {{ font-size: 30pt; font-weight: 700; }}
#kioskWindow QLabel[kiosk="big"] {{ font-size: 26pt; }}
#kioskWindow QLabel[kiosk="countdown"] {{ font-size: 80pt; font-weight: 700; color: {BLUE}; }}
#kioskWindow QLabel[kiosk="keys"] {{ font-size: 14pt; color: #333333; }}
#kioskWindow QLabel[kiosk="error"] {{ color: {RED}; font-weight: 600; }}
#kioskWindow QLabel[kiosk="ok"] {{ color: {GREEN}; font-weight: 600; }}
#kioskWindow QLabel[kiosk="operator"] {{
    background: {AMBER_BG}; color: {AMBER_INK}; border: 3px solid {AMBER_INK};
    border-radius: 6px; padding: 12px;
}}
#kioskWindow QLabel[kiosk="recording"] {{ color: {RED}; font-size: 28pt; font-weight: 700; }}
#kioskWindow QLabel[kiosk="preview"] {{ background: #000000; color: #ffffff; font-size: 14pt; }}
#kioskWindow QPushButton {{
    background: {BLUE}; color: #ffffff; border: 4px solid {BLUE}; border-radius: 8px;
    padding: 12px 28px; min-height: 44px; font-weight: 600;
}}
#kioskWindow QPushButton:focus {{ border: 5px solid {FOCUS}; }}
#kioskWindow QPushButton:disabled {{ background: #8d96a8; border-color: #8d96a8; color: #f4f4f4; }}
#kioskWindow QPushButton[kiosk="secondary"] {{ background: #ffffff; color: {BLUE}; }}
#kioskWindow QPushButton[kiosk="secondary"]:focus {{ border: 5px solid {FOCUS}; }}
#kioskWindow QPushButton[kiosk="stop"] {{ background: {RED}; border-color: {RED}; }}
#kioskWindow QPushButton[kiosk="stop"]:focus {{ border: 5px solid {FOCUS}; }}
#kioskWindow QPushButton[kiosk="operator"] {{
    background: #ffffff; color: #555555; border: 1px solid #bbbbbb; font-size: 11pt;
    padding: 4px 10px; min-height: 0; font-weight: 400;
}}
#kioskWindow QLineEdit {{
    border: 3px solid {INK}; border-radius: 6px; padding: 8px; font-size: 26pt;
}}
#kioskWindow QLineEdit:focus {{ border: 4px solid {FOCUS}; }}
#kioskWindow QTextBrowser {{ border: 2px solid #888888; padding: 8px; font-size: 20pt; }}
#kioskWindow QTextBrowser:focus {{ border: 4px solid {FOCUS}; }}
#kioskWindow QComboBox {{ border: 2px solid {INK}; padding: 6px; font-size: 18pt; }}
#kioskWindow QComboBox:focus {{ border: 4px solid {FOCUS}; }}
#kioskWindow QProgressBar {{ border: 2px solid {INK}; border-radius: 4px; min-height: 28px; }}
#kioskWindow QProgressBar::chunk {{ background: {GREEN}; }}
#kioskWindow QProgressBar[kiosk="time"]::chunk {{ background: {RED}; }}
"""


class KioskButton(QPushButton):
    """A large button that Enter/Return press too, and that arrow keys move away from."""

    def __init__(self, text: str, name: str, *, secondary: bool = False) -> None:
        super().__init__(text)
        self.setObjectName(name)
        self.setAutoDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if secondary:
            self.setProperty("kiosk", "secondary")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.isEnabled():
                self.click()
            event.accept()
            return
        if plain and key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.focusNextChild()
            return
        if plain and key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.focusPreviousChild()
            return
        super().keyPressEvent(event)


def label(text: str = "", kind: str = "", name: str = "") -> QLabel:
    """A word-wrapped label; `kind` picks a style above (title, big, keys, error, ...)."""
    widget = QLabel(text)
    widget.setWordWrap(True)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if kind:
        widget.setProperty("kiosk", kind)
    if name:
        widget.setObjectName(name)
    return widget


def restyle(widget: QWidget, kind: str) -> None:
    """Change a widget's `kiosk` style class after it was shown."""
    widget.setProperty("kiosk", kind)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def key(page: QWidget, sequence: str, slot: Callable[[], None]) -> QShortcut:
    """A key that works anywhere on `page` while it is shown."""
    shortcut = QShortcut(QKeySequence(sequence), page)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)
    return shortcut
