"""The referral pack for one concern: who it is for, the chronology and a cover sheet if
wanted, a preview, Print… and Save as PDF…, and a check of a printed record digest."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from app.documents.referral_pack import Recipient, ReferralPacks
from app.keys.session import Session
from ui.core.errors import show_error
from ui.core.screen_fit import fit_to_screen
from ui.core.widgets import StatusLabel, add_field
from ui.documents.pdf_actions import PdfActions
from ui.documents.pdf_preview import PdfPreview, ZoomBar

OTHER = "Other"
SAVE_WARNING = (
    "A saved PDF is not encrypted: anyone who can open the folder can read it. "
    "Save it only where the person it is for will collect it, and delete it "
    "once it has been sent."
)


class ReferralDialog(QDialog):
    def __init__(self, session: Session, reference: str, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.reference = reference
        self.packs = ReferralPacks(session)
        self.pdf: bytes | None = None
        self.pages = 0
        self._built_for: str | None = None
        self.setWindowTitle("Referral pack")
        fit_to_screen(self, 1040, 760)

        layout = QVBoxLayout(self)
        about = StatusLabel(
            f"The referral summary for concern {reference}, to print or to save for sending."
        )
        about.setWordWrap(True)
        about.setAccessibleName("About this pack")
        layout.addWidget(about)

        row = QHBoxLayout()
        layout.addLayout(row, 1)
        left = QVBoxLayout()
        form = QFormLayout()
        self.recipient = QComboBox()
        # The LADO comes first when the worry is about an adult who works or volunteers
        # here; each choice carries the number printed beside its name.
        for choice in self.packs.recipient_choices(reference):
            self.recipient.addItem(choice.name, choice)
        self.recipient.addItem(OTHER)
        # A long service name must not widen the box until its label is squeezed out.
        self.recipient.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.recipient.setMinimumContentsLength(18)
        add_field(form, "&Send to", self.recipient)
        # The whole name and number: a long name is cut short in the box above.
        self.recipient_words = QLabel()
        self.recipient_words.setWordWrap(True)
        form.addRow(self.recipient_words)
        self.other = QLineEdit()
        self.other.setMaxLength(120)
        self.other.setPlaceholderText("Who the pack is for")
        self.other_caption_problem = add_field(form, "Other: w&ho", self.other)
        self._other_row = (form.labelForField(self.other.parentWidget()), self.other.parentWidget())
        self.chronology = QCheckBox("Include the young person's chronology")
        self.chronology.setAccessibleName("Include the young person's chronology")
        form.addRow(self.chronology)
        self.cover = QCheckBox("Include a fax or post cover sheet")
        self.cover.setAccessibleName("Include a fax or post cover sheet")
        form.addRow(self.cover)
        left.addLayout(form)

        self.warning = StatusLabel(SAVE_WARNING)
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName("About saving")
        left.addWidget(self.warning)

        digest_box = QGroupBox("Check a printed digest")
        digest_layout = QVBoxLayout(digest_box)
        hint = QLabel(
            "Type the record digest from the foot of a printed page to check the "
            "paper against the record as it is stored now."
        )
        hint.setWordWrap(True)
        digest_layout.addWidget(hint)
        digest_form = QFormLayout()
        self.digest = QLineEdit()
        self.digest.setMaxLength(40)
        self.digest.setPlaceholderText("XXXX-XXXX-XXXX")
        add_field(digest_form, "Di&gest on the paper", self.digest)
        digest_layout.addLayout(digest_form)
        self.check_button = QPushButton("Chec&k")
        self.check_button.clicked.connect(self._check)
        self.digest.returnPressed.connect(self._check)
        digest_layout.addWidget(self.check_button)
        self.digest_result = StatusLabel()
        self.digest_result.setWordWrap(True)
        self.digest_result.setAccessibleName("Digest check result")
        digest_layout.addWidget(self.digest_result)
        left.addWidget(digest_box)
        left.addStretch(1)
        row.addLayout(left, 1)

        right = QVBoxLayout()
        # Fitted to the width however small, as before: the lead checks the whole layout
        # of the pack here (Zoom in, or Ctrl+plus, to read it).
        self.preview = PdfPreview(smallest_fit=0)
        right.addWidget(self.preview, 1)
        self.zoom = ZoomBar(self.preview, self)
        right.addWidget(self.zoom)
        row.addLayout(right, 3)

        self.actions = PdfActions(
            self,
            "Referral pack status",
            lambda: self.pdf,
            lambda: ("Save the referral pack", f"referral-{self.reference}.pdf"),
        )
        self.actions.printed.connect(self._printed)
        self.actions.saved.connect(self._saved)
        self.status = self.actions.status
        self.print_button, self.save_button = self.actions.print_button, self.actions.save_button
        layout.addWidget(self.actions)

        self._show_other()
        self._show_recipient()
        self.recipient.currentIndexChanged.connect(self._recipient_changed)
        self.other.editingFinished.connect(self._other_typed)
        self.chronology.toggled.connect(lambda _on: self.refresh())
        self.cover.toggled.connect(lambda _on: self.refresh())
        self.refresh()

    # -- options and preview -------------------------------------------------------------
    def recipient_text(self) -> str:
        chosen = self.recipient.currentText()
        return self.other.text().strip() if chosen == OTHER else chosen

    def recipient_phone(self) -> str:
        choice = self.recipient.currentData()
        return choice.phone if isinstance(choice, Recipient) else ""

    def _show_other(self) -> None:
        visible = self.recipient.currentText() == OTHER
        for widget in self._other_row:
            if widget is not None:
                widget.setVisible(visible)

    def _recipient_changed(self) -> None:
        self._show_other()
        self._show_recipient()
        self.refresh()

    def _show_recipient(self) -> None:
        choice = self.recipient.currentData()
        if not isinstance(choice, Recipient):
            self.recipient_words.clear()
            self.recipient_words.hide()
            return
        phone = f", phone {choice.phone}" if choice.phone else ""
        self.recipient_words.setText(f"{choice.name}{phone}")
        self.recipient_words.show()

    def _other_typed(self) -> None:
        # editingFinished also fires when focus leaves as the window closes: rebuild only
        # for a dialog still on screen, and only when the name changed.
        if self.isVisible() and self.recipient_text() != self._built_for:
            self.refresh()

    def _set_pdf(self, pdf: bytes | None, pages: int = 0) -> None:
        self.pdf, self.pages = pdf, pages
        if pdf is None:
            self._built_for = None
        self.print_button.setEnabled(pdf is not None)
        self.save_button.setEnabled(pdf is not None)
        if pdf is None:
            self.preview.clear()

    def refresh(self) -> None:
        """Rebuild the pack from the options chosen now."""
        recipient = self.recipient_text()
        if not recipient:
            self._set_pdf(None)
            self.status.setText("Type who the pack is for under Other.")
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pack = self.packs.build(
                self.reference,
                recipient=recipient,
                recipient_phone=self.recipient_phone(),
                chronology=self.chronology.isChecked(),
                cover_sheet=self.cover.isChecked(),
            )
            self.preview.show_pdf(pack.pdf)
            self._set_pdf(pack.pdf, pack.pages)
            self._built_for = recipient
            pages = self.preview.page_count
            cover = " (the first is the cover sheet)" if pack.cover_pages else ""
            self.status.setText(f"{pages} page{'s' if pages != 1 else ''}{cover}, for {recipient}.")
        except Exception as exc:
            self._set_pdf(None)
            self.status.setText("The pack could not be made.")
            show_error(self, exc)
        finally:
            QGuiApplication.restoreOverrideCursor()

    # -- print and save ------------------------------------------------------------------
    def _printed(self) -> None:
        self.packs.printed(self.reference, self.pages)
        self.status.setText(
            f"Sent {self.pages} page{'s' if self.pages != 1 else ''} to the printer."
        )

    def _saved(self, where: str) -> None:
        self.packs.saved(self.reference, self.pages)
        self.status.setText(f"Saved to {where}. The saved PDF is not encrypted.")

    # -- the digest check ----------------------------------------------------------------
    def _check(self) -> None:
        typed = self.digest.text()
        try:
            found = self.packs.check_digest(self.reference, typed)
        except Exception as exc:
            show_error(self, exc)
            return
        if found is None:
            self.digest_result.setText(
                "That is not a record digest: it is three groups of "
                "four letters or numbers, like ABCD-2345-EFGH."
            )
        elif found:
            self.digest_result.setText("Matches: the paper shows the record as it is stored now.")
        else:
            self.digest_result.setText(
                "Does not match: the paper is not the record as it is "
                "stored now. It may be from before a correction, from "
                "another concern, or changed."
            )

    def done(self, result: int) -> None:
        self.preview.clear()
        self.pdf = None
        self.pages = 0
        self.digest.clear()
        self.digest_result.clear()
        super().done(result)
