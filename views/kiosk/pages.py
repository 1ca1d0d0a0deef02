"""The kiosk's simple screens: login code, welcome, notice, consents, practice, the end.

Each page shows what it is given and emits what the candidate chose; the kiosk
window (`views.kiosk.window`) calls the interview and decides the next page.
Every page names its keys at the bottom; Enter or Space presses the highlighted
button, Tab and the arrow keys move between buttons.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QTextBrowser, QVBoxLayout, QWidget

from app.interviews import IdentityConsentRequest, Notice
from app.interviews.kiosk_types import HUMAN_ONLY_CHOICE, HUMAN_ONLY_TEXT
from views.countdown import RetryCountdown
from views.kiosk.style import KioskButton, key, label

CHOOSE_KEYS = "Tab or arrow keys: choose  ·  Enter or Space: press the highlighted button"


class KioskPage(QWidget):
    """Title, body, a row of buttons and the keys line; `focus_first` is focused on show."""

    def __init__(self, name: str, title: str, keys: str = CHOOSE_KEYS) -> None:
        super().__init__()
        self.setObjectName(name)
        self.title = label(title, "title", f"{name}Title")
        self.body = QVBoxLayout()
        self.body.setSpacing(18)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(24)
        self.keys = label(keys, "keys", f"{name}Keys")
        self.keys.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.focus_first: QWidget | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(48, 16, 48, 12)
        outer.setSpacing(16)
        outer.addWidget(self.title)
        outer.addLayout(self.body, 1)
        outer.addLayout(self.buttons)
        outer.addWidget(self.keys)

    def add_buttons(self, *buttons: QWidget) -> None:
        self.buttons.addStretch(1)
        for button in buttons:
            self.buttons.addWidget(button)
        self.buttons.addStretch(1)

    def shown(self) -> None:
        """Called each time the page comes on screen."""
        if self.focus_first is not None:
            self.focus_first.setFocus(Qt.FocusReason.OtherFocusReason)


class CodeEntryPage(KioskPage):
    """`submitted(code)` when a code is typed and Enter pressed."""

    submitted = Signal(str)

    def __init__(self) -> None:
        super().__init__(
            "kioskCodePage", "Welcome to your video interview", "Enter: start the interview"
        )
        intro = label(
            "Type the login code you were given (8 letters and digits), then press Enter.", "big"
        )
        self.code = QLineEdit()
        self.code.setObjectName("kioskCode")
        self.code.setAccessibleName("Login code")
        self.code.setPlaceholderText("ABCD-1234")
        self.code.setMaxLength(16)
        self.code.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code.setMaximumWidth(520)
        self.code.setValidator(QRegularExpressionValidator(r"[A-Za-z0-9 -]*"))
        self.code.returnPressed.connect(self.submit)
        self.message = label("", "error", "kioskCodeMessage")
        self.staff_note = label("", "operator", "kioskStaffNote")
        self.staff_note.hide()
        self.start = KioskButton("Start", "kioskCodeStart")
        self.start.clicked.connect(self.submit)
        self.countdown = RetryCountdown(parent=self)
        self.countdown.changed.connect(self._refresh)
        self._busy = False
        self.body.addWidget(intro)
        self.body.addWidget(self.code, 0, Qt.AlignmentFlag.AlignHCenter)
        self.body.addWidget(self.message)
        self.body.addStretch(1)
        self.body.addWidget(self.staff_note)
        self.add_buttons(self.start)
        self.focus_first = self.code

    def reset(self) -> None:
        self.code.clear()
        if not self.countdown.active():
            self.message.clear()
        self.set_busy(False)

    def submit(self) -> None:
        if self._busy or self.countdown.active():
            return
        code = self.code.text().strip()
        if not code:
            self.message.setText("Type your login code first.")
            return
        self.submitted.emit(code)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        if busy:
            self.message.setText("Opening your interview…")
        self._refresh()

    def failed(self, text: str, retry_after: float = 0.0) -> None:
        self._busy = False
        self.code.selectAll()
        if retry_after > 0:
            self.countdown.start(retry_after)
        else:
            self.message.setText(text)
        self._refresh()
        self.code.setFocus()

    def set_staff_note(self, text: str) -> None:
        self.staff_note.setText(text)
        self.staff_note.setVisible(bool(text))

    def _refresh(self) -> None:
        waiting = self.countdown.active()
        self.start.setEnabled(not self._busy and not waiting)
        self.code.setReadOnly(self._busy)
        if waiting:
            self.message.setText(self.countdown.text())
        elif self.message.text().startswith("Too many failed attempts"):
            self.message.clear()


class WelcomePage(KioskPage):
    begin = Signal()

    def __init__(self) -> None:
        super().__init__("kioskWelcomePage", "Welcome", "Enter: begin")
        self.text = label("", "big", "kioskWelcomeText")
        self.start = KioskButton("Begin", "kioskBegin")
        self.start.clicked.connect(self.begin)
        self.body.addWidget(self.text)
        self.body.addStretch(1)
        self.add_buttons(self.start)
        self.focus_first = self.start

    def show_interview(self, questions: int, extra_time_s: int, resumed: bool) -> None:
        noun = "question" if questions == 1 else "questions"
        lines = [
            f"This interview has {questions} {noun}. For each one you first read the question "
            "and have time to think, then your answer is recorded on video.",
            "Before we start you will read how your recording is used, and the camera and "
            "microphone are checked.",
        ]
        if resumed:
            lines[1] = "Your interview was interrupted. It goes on where it stopped."
        if extra_time_s > 0:
            lines.append(
                f"You have {extra_time_s} extra seconds to think and to answer each question."
            )
        lines.append("There is no hurry. Press Enter when you are ready.")
        self.text.setText("\n\n".join(lines))


class NoticePage(KioskPage):
    """The policy's notice, scrollable by keyboard; `read` when acknowledged."""

    read = Signal()

    def __init__(self) -> None:
        super().__init__(
            "kioskNoticePage",
            "How your interview is recorded and used",
            "Page Down / Page Up or arrow keys: scroll  ·  Enter: I have read this",
        )
        self.policy = label("", "keys", "kioskNoticePolicy")
        self.text = QTextBrowser()
        self.text.setObjectName("kioskNoticeText")
        self.text.setAccessibleName("Notice")
        self.text.setOpenLinks(False)
        self.text.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.done = KioskButton("I have read this", "kioskNoticeRead")
        self.done.clicked.connect(self.read)
        self.body.addWidget(self.policy)
        self.body.addWidget(self.text, 1)
        self.add_buttons(self.done)
        self.focus_first = self.done
        for sequence, pages in (("PgDown", 1.0), ("PgUp", -1.0), ("Down", 0.2), ("Up", -0.2)):
            key(self, sequence, partial(self.scroll_text, pages))

    def show_notice(self, notice: Notice) -> None:
        self.policy.setText(f"Notice of the {notice.policy_name} policy, version {notice.version}")
        self.text.setPlainText(notice.text)

    def scroll_text(self, pages: float) -> None:
        bar = self.text.verticalScrollBar()
        bar.setValue(bar.value() + round(pages * bar.pageStep()))


class ConsentPage(KioskPage):
    """Agree; agree with human-only review (no automated analysis); or decline (asked
    once more). Emits `agreed(human_only)` or `declined`."""

    agreed = Signal(bool)
    declined = Signal()

    def __init__(self) -> None:
        super().__init__("kioskConsentPage", "Your consent")
        self.text = label("", "big", "kioskConsentText")
        self.human_text = label(HUMAN_ONLY_TEXT, "", "kioskHumanOnlyText")
        self.question = label("", "", "kioskConsentQuestion")
        self.agree = KioskButton("I agree", "kioskAgree")
        self.decline = KioskButton("I do not agree", "kioskDecline", secondary=True)
        self.confirm_decline = KioskButton("Yes, end the interview", "kioskConfirmDecline")
        self.back = KioskButton("Go back", "kioskDeclineBack", secondary=True)
        # Below the agree/decline row, in reading and Tab order: agree, decline, this.
        wrapped = HUMAN_ONLY_CHOICE.replace("; ", ";\n")  # fits a 1024-pixel-wide screen
        self.human_only = KioskButton(wrapped, "kioskAgreeHumanOnly", secondary=True)
        self.human_only.setAccessibleName(f"I agree to the recording. {HUMAN_ONLY_CHOICE}")
        self.agree.clicked.connect(lambda: self.agreed.emit(False))
        self.human_only.clicked.connect(lambda: self.agreed.emit(True))
        self.decline.clicked.connect(lambda: self._confirming(True))
        self.confirm_decline.clicked.connect(self.declined)
        self.back.clicked.connect(lambda: self._confirming(False))
        self.body.addWidget(self.text)
        self.body.addWidget(self.question)
        self.body.addStretch(1)
        self.add_buttons(self.agree, self.decline, self.confirm_decline, self.back)
        outer = self.layout()
        assert isinstance(outer, QVBoxLayout)
        keys_at = outer.indexOf(self.keys)
        outer.insertWidget(keys_at, self.human_text)
        outer.insertWidget(keys_at + 1, self.human_only, 0, Qt.AlignmentFlag.AlignHCenter)
        self._consent_text = ""
        self._confirming(False)

    def show_consent(self, notice: Notice) -> None:
        self._consent_text = notice.consent_text
        self._confirming(False)

    def _confirming(self, confirming: bool) -> None:
        if confirming:
            self.text.setText(
                "Are you sure? Without your consent the interview cannot take place, and "
                "nothing will be recorded. Your choice will not be held against you: you can "
                "ask the employer for another way to be assessed."
            )
            self.question.setText("")
        else:
            self.text.setText(self._consent_text)
            self.question.setText("Do you agree?")
        for widget in (self.agree, self.decline, self.human_only, self.human_text):
            widget.setVisible(not confirming)
        for button in (self.confirm_decline, self.back):
            button.setVisible(confirming)
        self.focus_first = self.back if confirming else self.agree
        self.shown()


class IdentityConsentPage(KioskPage):
    """Explicit consent (a button) or a signed waiver (the full name typed as a signature)."""

    given = Signal()
    declined = Signal()

    def __init__(self) -> None:
        super().__init__("kioskIdentityPage", "Optional: identity check")
        self.text = label("", "big", "kioskIdentityText")
        self.sign_label = label("Type your full name to sign:", "", "kioskSignLabel")
        self.signature = QLineEdit()
        self.signature.setObjectName("kioskSignature")
        self.signature.setAccessibleName("Your full name, as your signature")
        self.signature.setMaxLength(120)
        self.signature.textChanged.connect(self._refresh)
        self.signature.returnPressed.connect(self._give)
        self.agree = KioskButton("I agree", "kioskIdentityAgree")
        self.agree.clicked.connect(self._give)
        self.refuse = KioskButton("No, continue without it", "kioskIdentityDecline", secondary=True)
        self.refuse.clicked.connect(self.declined)
        self.body.addWidget(self.text)
        self.body.addWidget(self.sign_label)
        self.body.addWidget(self.signature)
        self.body.addStretch(1)
        self.add_buttons(self.agree, self.refuse)
        self._waiver = False

    def show_request(self, request: IdentityConsentRequest) -> None:
        self._waiver = request.rule == "signed_waiver"
        self.text.setText(request.text)
        self.signature.clear()
        self.sign_label.setVisible(self._waiver)
        self.signature.setVisible(self._waiver)
        self.agree.setText("Sign" if self._waiver else "I agree")
        self.focus_first = self.signature if self._waiver else self.agree
        self.keys.setText(
            "Type your name, then Enter: sign  ·  Tab: choose" if self._waiver else CHOOSE_KEYS
        )
        self._refresh()

    def signed(self) -> bool:
        """A signature is the name as typed: at least two letters."""
        return sum(ch.isalpha() for ch in self.signature.text()) >= 2

    def _give(self) -> None:
        if self._waiver and not self.signed():
            return
        self.given.emit()

    def _refresh(self) -> None:
        self.agree.setEnabled(not self._waiver or self.signed())


class PracticePage(KioskPage):
    practise = Signal()
    skip = Signal()

    def __init__(self) -> None:
        super().__init__("kioskPracticePage", "Would you like to practise first?")
        text = label(
            "A practice question works like the real ones, with the same timer, but your "
            "practice answer is not saved and nobody sees it.",
            "big",
        )
        self.try_it = KioskButton("Practice first", "kioskPractice")
        self.skip_it = KioskButton("Skip practice", "kioskSkipPractice", secondary=True)
        self.try_it.clicked.connect(self.practise)
        self.skip_it.clicked.connect(self.skip)
        self.body.addWidget(text)
        self.body.addStretch(1)
        self.add_buttons(self.try_it, self.skip_it)
        self.focus_first = self.try_it


class EndPage(KioskPage):
    """The thank-you or goodbye screen; `done` (Enter) returns the kiosk to the code screen."""

    done = Signal()

    def __init__(self, name: str, title: str, text: str) -> None:
        super().__init__(name, title, "Staff: Enter to get the kiosk ready for the next person")
        self.text = label(text, "big", f"{name}Text")
        self.finish = KioskButton("Done", f"{name}Done", secondary=True)
        self.finish.clicked.connect(self.done)
        self.body.addWidget(self.text)
        self.body.addStretch(1)
        self.add_buttons(self.finish)
        self.focus_first = self.finish


def thank_you_page() -> EndPage:
    return EndPage(
        "kioskThankYouPage",
        "Thank you!",
        "Your answers have been saved and your interview is complete. "
        "Please let the staff know that you have finished.",
    )


def goodbye_page() -> EndPage:
    return EndPage(
        "kioskGoodbyePage",
        "Thank you for your time",
        "The interview has ended and nothing was recorded. Your choice has been noted, and "
        "it will not be held against you. If you would like to be assessed in another way, "
        "please ask the employer for an alternative process.",
    )
