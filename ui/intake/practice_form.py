"""The practice concern form (issue 16, item 1): the real concern form with its sending
taken away, and printing with the PRACTICE band. See ui/intake/practice.py.

Apart from the practice page so opening practice mode does not load the concern form:
it is imported when the first made-up case starts (the issue's budget: practice mode
opens in 200 ms).
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFont, QPainter
from PySide6.QtWidgets import QPushButton, QWidget

from app.core.errors import AppError
from app.intake.concern.model import Concern
from ui.core.errors import show_error
from ui.core.widgets import announce
from ui.intake.concern_form.form import WARNING_SECONDS, ConcernForm
from ui.intake.practice_band import BAND_TEXT


class PracticeOnly(AppError):
    """Raised if anything in practice mode ever reaches for the records or the letterbox."""

    title = "Practice only"
    message = "This is practice: nothing is saved or sent."
    next_step = "To record a real concern, go to Home and press Record a concern."


class PracticeSession:
    """What the practice form may see of the session: the settings (for the phone
    numbers it shows), and nothing that opens, seals or saves. The real session is
    never handed to the practice form, so no path in it can write a letter or open the
    store, even by mistake."""

    is_unlocked = False
    last_sealed_words = ""
    account_role = None

    def __init__(self, settings) -> None:
        self.settings = settings

    def letterbox_words(self) -> str:
        return ""

    def setup_state(self) -> None:
        return None  # matches no SetupState: the form's sealing paths never run

    def seal_concern(self, concern: Concern) -> None:
        raise PracticeOnly()

    def save_concern_direct(self, concern: Concern) -> None:
        raise PracticeOnly()

    def record_audit(self, *args, **kwargs) -> None:
        raise PracticeOnly()


class PracticeForm(ConcernForm):
    """The real concern form, steps and checks, ending in Finish practice, not Send."""

    practice_finished = Signal(object, object)  # the concern, its ScreeningResult

    def __init__(self, settings, parent=None) -> None:
        super().__init__(PracticeSession(settings), parent)
        for step in self.steps:
            step.setAccessibleDescription(BAND_TEXT)  # read with each step's name
        self.emergency.setAccessibleDescription(BAND_TEXT)
        self.discard_button.setToolTip("Throw away this practice")
        self.review.send_anyway.hide()
        # Room for the band and the story above the form: at 150% on 1024x768 the form
        # has about 200 pixels for a step, and its tallest pages are these two text views
        # (they scroll inside themselves, and grow to fill any room there is).
        self.result.view.setMinimumHeight(160)
        self.review.view.setMinimumHeight(140)
        # The review step's own Print shows only for a worry about the lead; practice
        # offers it always, with the band on every page.
        self.print_button = QPushButton("Print this practice record")
        self.print_button.clicked.connect(self._print_record)
        self.review.body.addWidget(self.print_button, 0, Qt.AlignmentFlag.AlignLeft)

    # -- never send, never seal ------------------------------------------------------------
    def _retry_unsealed(self) -> None:
        self._unsealed = []

    def _seal_or_keep(self, concern: Concern) -> bool:
        return False

    def _send(self) -> None:
        self.finish_practice()

    def _send_anyway(self) -> None:
        self.finish_practice()

    def _finish_without_sending(self) -> None:
        self.finish_practice()

    def seal_incomplete(self, status: str) -> bool:
        self._last_chance.stop()
        self.idle.stop()
        self.start()
        return False

    def wipe(self) -> None:
        self.seal_incomplete("practice")

    def time_out(self) -> None:
        if self._warning is not None:
            warning, self._warning = self._warning, None
            warning.finished.disconnect()
            warning.close()
            warning.deleteLater()
        self.seal_incomplete("practice")
        self.left.emit()

    def _idle_warning_text(self) -> str:
        return (
            f"This practice will be cleared in {WARNING_SECONDS} seconds. Nothing is saved or sent."
        )

    # -- the steps, marked as practice -----------------------------------------------------
    def start(self) -> None:
        super().start()
        self.concern.id = "PRACTICE"  # not a reference anyone could mistake for real

    def _show(self, page: QWidget) -> None:
        if page is self.review:
            self.review.title = "Check and finish"  # read by the progress line too
        super()._show(page)
        if page is self.review:
            self.next_button.setText("&Finish practice")
            self.review.heading.setText(self.review.title)
            self.review.intro.setText(
                "Read it through. Go Back to change anything. This is practice: it is "
                "not sent to anyone. Press Finish practice to see how you did."
            )
            self.review.key_words.set_words("")
        if self.progress.text():
            announce(self.progress, f"{BAND_TEXT}. {self.progress.text()}")

    def next(self) -> None:
        if self.stack.currentWidget() is self.review:
            self.finish_practice()
            return
        super().next()

    def finish_practice(self) -> None:
        """Screen what was entered with the real rules, hand it over, clear the form."""
        from app.screening.rules import screen_concern

        self._collect()
        result = screen_concern(self.concern, checklist=self.checklist)
        concern = self.concern
        self.practice_finished.emit(concern, result)
        self.seal_incomplete("practice")  # clears everything typed

    def _print_record(self) -> None:
        from app.documents.context import context_for
        from app.documents.referral import build_referral

        if self.stack.currentWidget() is not self.done_page:
            self._collect()
        try:
            pdf = build_referral(
                self.concern, context_for(self.session), recipient="Practice only: not sent"
            )
            print_with_band(self, pdf)
        except Exception as exc:
            show_error(self, exc)


def print_with_band(parent: QWidget | None, pdf: bytes) -> bool:
    """Print `pdf` from memory with the PRACTICE band at the top and foot of every page
    (the page is shrunk a little to make room, so nothing is covered)."""
    from app.core.errors import SaveFailed
    from ui.core import ask
    from ui.documents.printing import MAX_PRINT_DPI, load_pdf

    printer = ask.choose_printer(parent)
    if printer is None:
        return False
    document = load_pdf(pdf)
    painter = QPainter()
    if not painter.begin(printer):
        raise SaveFailed("The printer could not be started.")
    try:
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            target = painter.viewport()
            strip = max(1, round(target.height() * 0.05))
            points = document.pagePointSize(index)
            size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(index, size)
            room = QRect(
                target.left(), target.top() + strip, target.width(), target.height() - 2 * strip
            )
            scaled = size.scaled(room.size(), Qt.AspectRatioMode.KeepAspectRatio)
            left = room.left() + (room.width() - scaled.width()) // 2
            painter.drawImage(QRect(QPoint(left, room.top()), scaled), image)
            font = QFont()
            font.setBold(True)
            font.setPixelSize(max(1, round(strip * 0.5)))
            painter.setFont(font)
            for top in (target.top(), target.bottom() - strip + 1):
                box = QRect(target.left(), top, target.width(), strip)
                painter.fillRect(box, Qt.GlobalColor.black)
                painter.setPen(Qt.GlobalColor.white)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, BAND_TEXT)
    finally:
        painter.end()
        document.deleteLater()
    return True
