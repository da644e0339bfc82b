"""Questions the app asks through system dialogs, in one place.

Qt's own dialogs, not the platform's: a lock must be able to close every dialog at
once, and a native file dialog cannot be closed from code. Tests replace these
functions to answer for the person.
"""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget


def choose_printer(parent: QWidget | None) -> QPrinter | None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def choose_pdf_path(parent: QWidget | None, title: str, suggested_name: str) -> str | None:
    dialog = QFileDialog(parent, title)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter("PDF files (*.pdf)")
    dialog.setDefaultSuffix("pdf")
    dialog.selectFile(suggested_name)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return dialog.selectedFiles()[0]


def choose_folder(parent: QWidget | None, title: str, start: str = "") -> str | None:
    """A folder (a USB stick, say) for backups; None if the person cancelled."""
    dialog = QFileDialog(parent, title, start)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return dialog.selectedFiles()[0]


def choose_enrolment_file(parent: QWidget | None) -> str | None:
    """The designated lead's enrolment file, for a volunteer station; None if cancelled."""
    dialog = QFileDialog(parent, "Open the enrolment file")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters(["Enrolment files (*.cse-enrol)", "All files (*)"])
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return dialog.selectedFiles()[0]


def choose_enrolment_save_path(parent: QWidget | None, suggested_name: str) -> str | None:
    dialog = QFileDialog(parent, "Save the enrolment file")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter("Enrolment files (*.cse-enrol)")
    dialog.setDefaultSuffix("cse-enrol")
    dialog.selectFile(suggested_name)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return dialog.selectedFiles()[0]


def choose_backup_file(parent: QWidget | None, title: str, start: str = "") -> str | None:
    """A backup file to restore; None if the person cancelled."""
    dialog = QFileDialog(parent, title, start)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters(["Toolkit backups (*.cse-backup)", "All files (*)"])
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return dialog.selectedFiles()[0]


def confirm(parent: QWidget | None, title: str, text: str, detail: str, yes: str) -> bool:
    """Ask before something that cannot simply be undone. A lock closes the question,
    which then counts as No."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent
    )
    box.setAccessibleName(title)
    box.setInformativeText(detail)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is yes_button


# -- handover files (ui/keeping/handover.py) ------------------------------------------------
def choose_handover_save_path(parent: QWidget | None, suggested_name: str) -> str | None:
    dialog = QFileDialog(parent, "Save the handover file")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setNameFilter("Handover files (*.cse-handover)")
    dialog.setDefaultSuffix("cse-handover")
    dialog.selectFile(suggested_name)
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return dialog.selectedFiles()[0]


def choose_handover_file(parent: QWidget | None) -> str | None:
    dialog = QFileDialog(parent, "Choose the handover file")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilter("Handover files (*.cse-handover);;All files (*)")
    if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return None
    return dialog.selectedFiles()[0]
