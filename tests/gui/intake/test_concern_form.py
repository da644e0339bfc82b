"""Recording a concern as a volunteer would: every step through its widgets, the 999
page, the over-18 note, sending, the sealed letter, and the lead's import."""

from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from tests.conftest import PASSPHRASE
from tests.drivers import (
    all_visible_text,
    click,
    field,
    fill_concern_to_review,
    heard,
    problem,
    tick,
    type_into,
)
from tests.letters import letters_in, no_canary_in
from ui.main_window import MainWindow

CANARY = "CANARYxConcernx51"


@pytest.fixture
def form(qtbot, ready, monkeypatch):
    import ui.main_window as main_window

    # Closing the window at the end of a test must not wait on the "not finished" question.
    monkeypatch.setattr(main_window, "ask_unfinished_concern", lambda parent: "discard")
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    click(window, "Record a concern")
    assert not ready.is_unlocked  # no passphrase needed
    return window, window.record_page


def test_volunteer_records_a_concern_and_the_lead_receives_it(qtbot, form, ready):
    window, concern_form = form
    fill_concern_to_review(window, concern_form, CANARY)
    click(window, "Send to the designated lead")
    assert concern_form.current_step() is concern_form.done_page
    # The Sent page takes the focus on its message, read by its text: the reference and
    # the lead's phone are what a screen reader says.
    message = heard(window.focusWidget()).replace("\u00a0", " ")
    reference = concern_form.concern.id
    assert reference in message and "01604 555 0101" in message  # the lead's phone
    letters = letters_in(ready.paths.letterbox)
    assert len(letters) == 1
    assert no_canary_in(ready.paths.data, CANARY)

    click(window, "Finish and clear the form")
    assert CANARY not in all_visible_text(window)
    assert window.pages.currentWidget() is window.home

    report = ready.unlock(PASSPHRASE)
    assert report.imported == 1 and report.quarantined == 0
    assert letters_in(ready.paths.letterbox) == []
    from app.intake.letterbox import load_concern

    stored = load_concern(ready.require_store(), reference)
    assert stored.young_person.name == f"Jade {CANARY}"
    assert stored.young_person.date_of_birth == date(2011, 3, 2)
    assert stored.own_words == f"He said I owe him {CANARY}"
    assert stored.vehicles[0].registration == "AB12 CDE"
    assert stored.recorder_name == "Sam Volunteer"
    assert stored.status == "submitted" and stored.source == "letterbox"


def test_danger_now_shows_call_999_first(qtbot, form, ready):
    window, concern_form = form
    first = concern_form.checklist.indicators
    act_now = [i for i in first if i.tier == "X"]
    tick(window, act_now[0].text)
    click(window, "Next")
    assert concern_form.current_step() is concern_form.emergency
    assert "Call 999 now" in all_visible_text(window)
    # Said once, by the page's heading; the step line above says where you are.
    assert concern_form.progress.text() == "A child in danger now"
    assert "Do not copy, forward or save sexual pictures" in all_visible_text(window)
    assert "0300 126 7000" in all_visible_text(window)
    field(window, "I have called 999").setChecked(True)
    type_into(window, "Police reference, if they gave one", "NP-12345")
    click(window, "Continue, and record what happened")
    assert concern_form.current_step() is concern_form.person
    assert concern_form.concern.called_999
    assert concern_form.concern.danger == (act_now[0].id,)


def test_over_18_is_explained_but_still_allowed(qtbot, form):
    window, concern_form = form
    click(window, "Next")
    type_into(window, "Name", "Alex")
    type_into(window, "Date of birth", "01/01/2006")  # 20
    assert field(window, "About people over 18").isVisible()
    click(window, "Next")
    assert concern_form.current_step() is concern_form.happened


STEP_TWO_BOXES = (
    "Name",
    "Other names or nicknames",
    "Date of birth",
    "Age, roughly",
    "Gender",
    "Address",
    "School or college",
    "Parents or carers, and how to reach them",
    "First language",
    "Additional needs: details",
    "Why contacting home could be unsafe",
)
STEP_TWO_TICKS = (
    "Additional needs: Learning disability",
    "Contacting home could put the young person at risk",
)


def assert_step_two_lines_up(window: QWidget) -> None:
    """Step 2 is one form: every label starts in one column, every box in another to
    the right of it, and the text boxes all end at one edge (the real form once had two
    forms here, each with its own label column)."""

    def x(widget: QWidget) -> int:
        return widget.mapTo(window, QPoint(0, 0)).x()

    rows = {}
    for label in STEP_TWO_BOXES:
        box = field(window, label)
        captions = [c for c in window.findChildren(QLabel) if c.buddy() is box and c.isVisible()]
        assert len(captions) == 1, f"{label!r} has {len(captions)} visible labels"
        rows[label] = (
            x(captions[0]),
            x(captions[0]) + captions[0].width(),
            x(box),
            x(box) + box.width(),
        )
    assert len({r[0] for r in rows.values()}) == 1, f"labels start in different places: {rows}"
    assert len({r[2] for r in rows.values()}) == 1, f"boxes start in different places: {rows}"
    assert len({r[3] for r in rows.values()}) == 1, f"boxes end in different places: {rows}"
    column = rows["Name"][2]
    assert max(r[1] for r in rows.values()) <= column, f"a label runs into the boxes: {rows}"
    for tick_box in STEP_TWO_TICKS:
        assert x(field(window, tick_box)) == column, f"{tick_box!r} is not in the boxes' column"


def test_step_two_is_one_aligned_form(qtbot, form):
    window, concern_form = form
    click(window, "Next")
    assert concern_form.current_step() is concern_form.person
    assert_step_two_lines_up(window)
    # With the over-18 note shown between the age and the rest, still one form.
    type_into(window, "Date of birth", "01/01/2006")
    assert field(window, "About people over 18").isVisible()
    assert_step_two_lines_up(window)


def test_bad_dates_are_said_at_the_field_and_nothing_is_lost(qtbot, form):
    window, concern_form = form
    click(window, "Next")
    type_into(window, "Name", "Kai")
    type_into(window, "Date of birth", "31/02/2012")
    click(window, "Next")
    assert concern_form.current_step() is concern_form.person
    assert "does not exist" in problem(window, "Date of birth").text()
    assert field(window, "Name").text() == "Kai"
    future = date.today().replace(year=date.today().year + 1).strftime("%d/%m/%Y")
    type_into(window, "Date of birth", future)
    click(window, "Next")
    assert concern_form.current_step() is concern_form.person
    assert problem(window, "Date of birth").isVisible()


def test_left_alone_the_form_is_sealed_as_incomplete(qtbot, form, ready):
    window, concern_form = form
    click(window, "Next")
    type_into(window, "Name", f"Half typed {CANARY}")
    concern_form.idle.set_timeout_ms(100)
    qtbot.waitUntil(
        lambda: any(d.windowTitle() == "Are you still there?" for d in _dialogs()), timeout=5_000
    )
    concern_form.time_out()  # the last minute passes
    assert CANARY not in all_visible_text(window)
    assert len(letters_in(ready.paths.letterbox)) == 1
    ready.unlock(PASSPHRASE)
    from app.intake.letterbox import load_concern

    (concern_id,) = ready.require_store().query_one("SELECT id FROM concerns")
    stored = load_concern(ready.require_store(), concern_id)
    assert stored.status == "incomplete-timed-out"
    assert stored.young_person.name == f"Half typed {CANARY}"


def test_lock_seals_a_half_typed_form_without_asking(qtbot, form, ready):
    window, _concern_form = form
    click(window, "Next")
    type_into(window, "Name", f"Locked {CANARY}")
    window.lock_now()
    assert CANARY not in all_visible_text(window)
    assert len(letters_in(ready.paths.letterbox)) == 1


def test_closing_mid_form_asks(qtbot, form, ready, monkeypatch):
    window, concern_form = form
    assert not concern_form.is_dirty
    click(window, "Next")
    type_into(window, "Name", "Robin")
    import ui.main_window as main_window

    monkeypatch.setattr(main_window, "ask_unfinished_concern", lambda parent: "carry-on")
    window.close()
    assert concern_form.is_dirty and field(window, "Name").text() == "Robin"
    monkeypatch.setattr(main_window, "ask_unfinished_concern", lambda parent: "send")
    window.close()
    assert len(letters_in(ready.paths.letterbox)) == 1


def _dialogs():
    from tests.drivers import open_dialogs

    return open_dialogs()


def test_print_this_record_then_the_page_clears_itself(
    qtbot, form, ready, printed_pdf, monkeypatch
):
    import io

    from pypdf import PdfReader

    from ui.documents import printing

    window, concern_form = form
    sent_to_printer: list[bytes] = []
    real_print = printing.print_with_dialog

    def keep_a_copy(parent, pdf):  # the pages go to the printer as images: read the PDF
        sent_to_printer.append(pdf)
        return real_print(parent, pdf)

    monkeypatch.setattr(printing, "print_with_dialog", keep_a_copy)
    fill_concern_to_review(window, concern_form, CANARY)
    click(window, "Send to the designated lead")
    reference = concern_form.concern.id
    click(window, "Print this record")
    summary = PdfReader(io.BytesIO(sent_to_printer[0]))
    text = " ".join(" ".join(p.extract_text() for p in summary.pages).split())
    assert reference in text and "OFFICIAL-SENSITIVE" in text and "He said I owe him" in text
    assert len(PdfReader(printed_pdf).pages) == len(summary.pages)  # all of it printed

    concern_form.idle.set_timeout_ms(100)  # left on the thank-you page
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.home, timeout=5_000)
    assert CANARY not in all_visible_text(window)


def test_every_step_opens_its_help_beside_the_form(qtbot, form):
    window, concern_form = form
    for _ in range(3):
        click(window, "Help with this step")
        helps = [d for d in _dialogs() if d.windowTitle() == "Help"]
        assert helps, "a help window opened"
        topic_text = field(helps[-1], "Help topic").toPlainText()
        assert "Written for this toolkit from" in topic_text
        helps[-1].close()
        click(window, "Next")
    assert concern_form.current_step() is concern_form.checklist_step
    for dialog in _dialogs():
        dialog.close()
    item_help = field(window, f"Help with: {concern_form.checklist.indicators[0].text}")
    QTest.mouseClick(item_help, Qt.MouseButton.LeftButton)  # found as a screen reader would
    about = next(d for d in _dialogs() if d.windowTitle() == "About this sign")
    assert "Where this comes from" in field(about, "About this sign").toPlainText()
    more = next(b for b in about.findChildren(QPushButton) if b.text().startswith("Read the help"))
    QTest.mouseClick(more, Qt.MouseButton.LeftButton)
    assert any(d.windowTitle() == "Help" for d in _dialogs())


def test_too_long_text_is_refused_at_send_and_kept(qtbot, form, ready):
    window, concern_form = form
    fill_concern_to_review(window, concern_form, CANARY)
    long_words = "word " * 2_100  # 10,500 characters: over the 10,000 limit
    concern_form.happened.own_words.setText(long_words)
    counter = concern_form.happened.own_words.counter.text()
    assert "too many" in counter and "Nothing is cut off" in counter
    click(window, "Send to the designated lead")
    assert concern_form.current_step() is concern_form.happened
    assert "10,000" in problem(window, "The young person's own words").text()
    assert concern_form.happened.own_words.text() == long_words  # nothing lost
    assert letters_in(ready.paths.letterbox) == []


def test_a_lead_who_is_unlocked_saves_straight_into_the_records(qtbot, form, ready):
    window, concern_form = form
    # A volunteer's letter waits in the letterbox…
    fill_concern_to_review(window, concern_form, CANARY)
    click(window, "Send to the designated lead")
    click(window, "Finish and clear the form")
    # …and the lead's unlock brings it in, and says so.
    from tests.drivers import unlock_through_dialog

    unlock_through_dialog(qtbot, window, PASSPHRASE)
    title = "Since the records were last opened"
    qtbot.waitUntil(lambda: any(d.windowTitle() == title for d in _dialogs()), timeout=5_000)
    notice = next(d for d in _dialogs() if d.windowTitle() == title)
    assert "1 new concern has arrived" in notice.text()
    notice.accept()
    click(window, "Record a concern")
    fill_concern_to_review(window, concern_form, CANARY, name="Direct Entry")
    click(window, "Send to the designated lead")
    assert letters_in(ready.paths.letterbox) == []
    rows = ready.require_store().query_all("SELECT source FROM concerns ORDER BY source")
    assert [r[0] for r in rows] == ["direct", "letterbox"]


def test_a_failed_seal_on_lock_keeps_the_concern_and_tries_again(qtbot, form, ready, monkeypatch):
    from app.core.errors import ConcernNotSaved

    window, concern_form = form
    click(window, "Next")
    type_into(window, "Name", f"Disk full {CANARY}")
    real_seal = ready.seal_concern
    monkeypatch.setattr(
        ready, "seal_concern", lambda concern: (_ for _ in ()).throw(ConcernNotSaved())
    )
    window.lock_now()  # the lock still clears the screen without asking
    assert CANARY not in all_visible_text(window)
    assert letters_in(ready.paths.letterbox) == []
    assert len(concern_form._unsealed) == 1  # kept in memory, not lost
    monkeypatch.setattr(ready, "seal_concern", real_seal)
    click(window, "Record a concern")
    concern_form.start()  # the next chance
    assert concern_form._unsealed == []
    assert len(letters_in(ready.paths.letterbox)) == 1
