"""Old records screened with checklist version 1 are named in the lead's To do list when
the current checklist gives a higher result (issue 11; the review's gap 2): found by the
section's visible heading, the link opens the concern, and once re-screened it is gone."""

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtCore import QUrl

from app.intake.concern.model import Concern, IndicatorAnswer, YoungPerson
from app.intake.concern.reference import new_reference
from tests.conftest import PASSPHRASE
from tests.drivers import (
    choose_tab,
    click,
    dialog_titled,
    field,
    gone,
    open_dialogs,
    type_text,
    unlock_through_dialog,
)
from ui.main_window import MainWindow

HEADING = "Screened with an older checklist: the current one gives a higher result"


def _disclosure(name: str, when: str = "over-12-months") -> Concern:
    """A 15-year-old's disclosure of sexual contact 18 months ago, screened with v1."""
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime.now(UTC) - timedelta(days=1),
        happened_on=date.today() - timedelta(days=540),
        young_person=YoungPerson(name=name, date_of_birth=date(2010, 9, 1)),
        own_words="He made me do things at his flat",
        indicators=[IndicatorAnswer("T3-01", when_last_seen=when, how_known="young-person-told")],
        recorder_name="Sam Volunteer",
        recorder_role="Volunteer",
    )


@pytest.fixture
def window(qtbot, ready):
    made = MainWindow(ready)
    qtbot.addWidget(made)
    made.show()
    yield made
    for dialog in open_dialogs():
        dialog.reject()


def test_an_old_disclosure_is_in_to_do_opens_and_goes_once_re_screened(qtbot, window, ready):
    ready.unlock(PASSPHRASE)
    old = ready.save_concern_direct(_disclosure("Amira Khan"))
    ready.save_concern_direct(_disclosure("Bea Lowe", "within-6-months"))  # v1 gave serious
    ready.lock()
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    for dialog in open_dialogs():
        dialog.accept()
    page = window.records_page
    todo = field(window, "To do").toPlainText()
    assert HEADING in todo
    part = todo.split(HEADING)[1].split("Written referrals due")[0]
    assert f"{old.id}: Amira Khan. The current checklist gives Serious concern" in part
    assert "Bea Lowe" not in part  # version 1 already gave serious: nothing to tell

    page.start.view.anchorClicked.emit(QUrl(f"concern:{old.id}"))  # follow the link
    assert old.id in field(window, "The chosen concern").toPlainText()

    click(window, "Re-screen with the current checklist…")
    dialog = dialog_titled("Re-screen with the current checklist")
    type_text(
        field(dialog, "Why are you re-screening this record?"),
        "Version 2 counts a disclosure however long ago it happened.",
    )
    click(dialog, "Save the re-screen")
    qtbot.waitUntil(lambda: gone(dialog), timeout=5_000)

    choose_tab(window, "To do")
    assert HEADING not in field(window, "To do").toPlainText()
