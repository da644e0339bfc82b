"""The lead's decision panel, driven by the labels a person sees: a decision with a phone
referral and its countdown, a follow-up added and done, refusals at the field (no
further action without a reason, a tier set lower than the checklist's), and the wipe."""

from datetime import UTC, date, datetime, timedelta

import pytest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from app.intake.concern.model import Concern, IndicatorAnswer, YoungPerson
from app.intake.concern.reference import new_reference
from tests.conftest import PASSPHRASE
from tests.drivers import (
    all_visible_text,
    choose,
    choose_tab,
    click,
    field,
    problem,
    type_into,
    type_text,
)
from ui.casework.decision_panel import DecisionPanel, parse_when

CANARY = "CANARYxDecisionx41"
NOW = datetime(2026, 5, 12, 9, 0, tzinfo=UTC)
TODAY = NOW.astimezone().date()


def _local(moment: datetime) -> str:
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


@pytest.fixture
def clock():
    return [NOW]


@pytest.fixture
def opened(qtbot, ready, clock):
    """The panel showing one significant concern, with the clock at NOW."""
    ready.unlock(PASSPHRASE)
    saved = ready.save_concern_direct(
        Concern(
            id=new_reference(),
            checklist_version=1,
            created_at=NOW - timedelta(days=1),
            young_person=YoungPerson(name=f"Amira {CANARY}"),
            computed_tier="2",
            indicators=[IndicatorAnswer("T2-01")],
            recorder_name="Sam Volunteer",
        )
    )
    panel = DecisionPanel(ready, clock=lambda: clock[0])
    qtbot.addWidget(panel)
    panel.resize(700, 900)
    panel.show()
    panel.show_concern(saved.id, saved.computed_tier)
    return panel, saved.id


def _problem(panel, label: str) -> str:
    message = problem(panel, label)
    assert message.isVisible()
    return message.text()


def _no_problem(panel, label: str) -> bool:
    return not problem(panel, label).isVisible()


def _items(panel, label: str) -> list[str]:
    listing = field(panel, label)
    assert isinstance(listing, QListWidget)
    return [listing.item(i).text() for i in range(listing.count())]


def test_a_referral_decision_with_a_phone_referral_and_its_countdown(qtbot, opened, clock):
    panel, ref = opened
    assert (
        f"Concern {ref}: New. Tier: Significant."
        in field(panel, "Decisions on this concern").text()
    )
    assert not [
        w
        for w in panel.findChildren(QWidget)
        if w.accessibleName() == "Referred to" and w.isVisible()
    ]
    choose(panel, "Decision", "Referred")
    choose(panel, "Referred to", "Police")
    type_text(field(panel, "Reason for the decision"), "Told by the duty team to ring 101")
    click(panel, "Save the decision")
    assert field(panel, "Last saved").text() == "Decision saved."
    [line] = _items(panel, "Decisions so far")
    assert "Referred: Police" in line and "Told by the duty team to ring 101" in line
    assert field(panel, "Reason for the decision").toPlainText() == ""  # saved, so cleared

    assert field(panel, "Written referral").text() == "No phone referral recorded yet."
    type_into(panel, "When phoned", _local(NOW - timedelta(hours=3)))
    type_into(panel, "To whom (the service)", "Northamptonshire MASH")
    type_into(panel, "Who took the call", "Jo Bloggs")
    type_into(panel, "Their reference", "MASH/2026/123")
    assert field(panel, "Written referral due within").value() == 24
    click(panel, "Save the phone referral")
    [referral] = _items(panel, "Phone referrals")
    assert "Northamptonshire MASH" in referral and "Jo Bloggs" in referral
    assert "MASH/2026/123" in referral and "not sent yet" in referral
    assert field(panel, "Written referral").text().startswith("Written referral due in 21 hours")

    # The countdown moves on with the minute timer, without asking the store.
    assert panel.timer.isActive() and panel.timer.interval() == 60_000
    clock[0] = NOW + timedelta(hours=24)
    panel.timer.timeout.emit()
    assert field(panel, "Written referral").text().startswith("Written referral overdue by 3 hours")

    click(panel, "Written referral sent")
    assert field(panel, "Written referral").text() == "Every written referral is marked sent."
    assert f"Written referral sent {_local(clock[0])}." in _items(panel, "Phone referrals")[0]
    assert not panel.sent.isEnabled()
    field(panel, "Phone referrals").setCurrentRow(0)
    assert field(panel, "Written referral").text() == f"Sent {_local(clock[0])}."


def test_a_phone_referral_with_a_bad_time_keeps_what_was_typed(qtbot, opened):
    panel, _ref = opened
    type_into(panel, "When phoned", "31/02/2026 25:00")
    type_into(panel, "To whom (the service)", "Duty team")
    click(panel, "Save the phone referral")
    assert "does not exist" in _problem(panel, "When phoned")
    assert field(panel, "To whom (the service)").text() == "Duty team"
    type_into(panel, "When phoned", _local(NOW - timedelta(minutes=10)))
    click(panel, "Save the phone referral")
    assert "person who took the call" in _problem(panel, "Who took the call")
    assert _no_problem(panel, "When phoned")
    assert field(panel, "To whom (the service)").text() == "Duty team"
    assert _items(panel, "Phone referrals") == []


def test_no_further_action_without_a_reason_is_refused_at_the_field(qtbot, opened):
    panel, _ref = opened
    type_into(panel, "What needs doing", "Ring the school")  # another part, half typed
    choose(panel, "Decision", "No further action")
    click(panel, "Save the decision")
    assert "why no further action" in _problem(panel, "Reason for the decision")
    assert _items(panel, "Decisions so far") == []
    assert field(panel, "Decision").currentText() == "No further action"
    assert field(panel, "What needs doing").text() == "Ring the school"

    type_text(field(panel, "Reason for the decision"), "Advice from the duty team")
    click(panel, "Save the decision")
    assert _no_problem(panel, "Reason for the decision")
    assert "No further action" in _items(panel, "Decisions so far")[0]
    assert field(panel, "What needs doing").text() == "Ring the school"
    assert "No further action" in field(panel, "Decisions on this concern").text()


def test_monitoring_asks_for_a_review_date_and_closing_comes_after(qtbot, opened):
    panel, _ref = opened
    assert not [
        w
        for w in panel.findChildren(QWidget)
        if w.accessibleName() == "Next review on" and w.isVisible()
    ]
    choose(panel, "Decision", "Monitoring")
    click(panel, "Save the decision")
    assert "date of the next review" in _problem(panel, "Next review on")
    type_into(panel, "Next review on", (TODAY - timedelta(days=1)).strftime("%d/%m/%Y"))
    click(panel, "Save the decision")
    assert "passed" in _problem(panel, "Next review on")
    review = TODAY + timedelta(weeks=4)
    type_into(panel, "Next review on", review.strftime("%d/%m/%Y"))
    click(panel, "Save the decision")
    assert f"next review {review:%d/%m/%Y}" in _items(panel, "Decisions so far")[0]
    choose(panel, "Decision", "Closed")
    click(panel, "Save the decision")
    assert "Closed" in _items(panel, "Decisions so far")[-1]


def test_lowering_the_tier_is_refused_and_raising_needs_a_reason(qtbot, opened):
    panel, _ref = opened
    assert field(panel, "Raise the tier").currentText() == "Significant"
    choose(panel, "Raise the tier", "Early warning")
    type_text(field(panel, "Reason for the tier"), "Nothing in it")
    click(panel, "Save the tier")
    assert "never set lower" in _problem(panel, "Raise the tier")
    assert field(panel, "Reason for the tier").toPlainText() == "Nothing in it"
    assert "as the checklist worked out" in field(panel, "Tier now").text()

    choose(panel, "Raise the tier", "Serious")
    field(panel, "Reason for the tier").clear()
    click(panel, "Save the tier")
    assert "Write why" in _problem(panel, "Reason for the tier")
    assert _no_problem(panel, "Raise the tier")
    type_text(field(panel, "Reason for the tier"), "She said she is frightened of him")
    click(panel, "Save the tier")
    now = field(panel, "Tier now").text()
    assert now.startswith("Serious, raised by the lead") and "Significant" in now
    assert "Tier set to Serious" in _items(panel, "Decisions so far")[0]
    assert field(panel, "Last saved").text() == "Tier saved: Serious."


def test_parents_told_no_needs_why_not(qtbot, opened):
    panel, _ref = opened
    assert field(panel, "Parents or carers told").currentText() == "Not yet"
    choose(panel, "Parents or carers told", "Yes")
    assert not [
        w for w in panel.findChildren(QWidget) if w.accessibleName() == "Why not" and w.isVisible()
    ]
    choose(panel, "Parents or carers told", "No")
    click(panel, "Save parents or carers")
    assert "not told" in _problem(panel, "Why not")
    type_text(field(panel, "Why not"), "Telling them could put her at more risk")
    click(panel, "Save parents or carers")
    assert _no_problem(panel, "Why not")
    assert "Parents or carers told: No" in _items(panel, "Decisions so far")[0]


def test_a_follow_up_added_and_completed(qtbot, opened):
    panel, _ref = opened
    type_into(panel, "What needs doing", "Ring the school")
    type_into(panel, "Due on", "32/13/2026")
    click(panel, "Add the follow-up")
    assert "does not exist" in _problem(panel, "Due on")
    assert field(panel, "What needs doing").text() == "Ring the school"
    type_into(panel, "Due on", TODAY.strftime("%d/%m/%Y"))
    click(panel, "Add the follow-up")
    assert _items(panel, "Follow-ups") == [f"Due {TODAY:%d/%m/%Y}: Ring the school"]
    assert field(panel, "What needs doing").text() == ""

    click(panel, "Mark the chosen follow-up done")
    assert "Choose a follow-up" in _problem(panel, "Follow-ups")
    field(panel, "Follow-ups").setCurrentRow(0)
    click(panel, "Mark the chosen follow-up done")
    assert _items(panel, "Follow-ups") == [f"Done {_local(NOW)}: Ring the school"]
    assert _no_problem(panel, "Follow-ups")


def test_every_control_has_a_visible_label_with_the_same_name(qtbot, opened):
    panel, _ref = opened
    choose(panel, "Decision", "Referred")
    choose(panel, "Referred to", "Somewhere else")
    kinds = (QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QListWidget)
    controls = [
        w
        for w in panel.findChildren(QWidget)
        if isinstance(w, kinds)
        and w.isVisible()
        and not isinstance(w.parentWidget(), (QAbstractSpinBox, QComboBox))
    ]
    assert len(controls) >= 17
    buddies = {label.buddy(): label for label in panel.findChildren(QLabel) if label.buddy()}
    for control in controls:
        assert control.accessibleName(), f"{type(control).__name__} has no accessible name"
        label = buddies.get(control)
        assert label is not None and label.isVisible(), control.accessibleName()
        assert label.text().replace("&", "") == control.accessibleName()


def test_wipe_leaves_nothing_of_the_concern(qtbot, opened):
    panel, ref = opened
    choose(panel, "Decision", "No further action")
    type_text(field(panel, "Reason for the decision"), f"Reason {CANARY}")
    click(panel, "Save the decision")
    type_into(panel, "What needs doing", f"Ring {CANARY}")
    type_into(panel, "Due on", TODAY.strftime("%d/%m/%Y"))
    click(panel, "Add the follow-up")
    type_into(panel, "To whom (the service)", f"MASH {CANARY}")  # typed, not saved
    assert CANARY in all_visible_text(panel)
    panel.wipe()
    assert CANARY not in all_visible_text(panel) and ref not in all_visible_text(panel)
    assert not panel.timer.isActive()
    assert all(not box.isEnabled() for box in panel.sections)


def test_parse_when_reads_the_wall_clock():
    assert parse_when("12/05/2026 10:30") == datetime(2026, 5, 12, 10, 30).astimezone()
    for bad in ("12/05/2026", "", "12/05/2026 1030", "30/02/2026 10:00"):
        with pytest.raises(ValueError):
            parse_when(bad)
    assert date(2026, 5, 12) == parse_when("12-05-26 09:00").date()


def test_the_records_page_shows_the_panel_for_the_opened_concern_and_lock_wipes_it(qtbot, ready):
    from tests.drivers import unlock_through_dialog
    from ui.main_window import MainWindow

    ready.seal_concern(
        Concern(
            id=new_reference(),
            checklist_version=1,
            created_at=datetime.now(UTC),
            young_person=YoungPerson(name="Bea"),
            computed_tier="1",
            indicators=[IndicatorAnswer("T1-01")],
            recorder_name="Sam",
        )
    )
    window = MainWindow(ready)
    qtbot.addWidget(window)
    window.show()
    unlock_through_dialog(qtbot, window, PASSPHRASE, via="Records")
    choose_tab(window, "All concerns")
    page = window.records_page
    page.table.selectRow(0)
    page.open_selected()
    ref = page.decision_panel._reference
    choose_tab(window, "Decisions and follow-ups")
    assert (
        ref
        and f"Concern {ref}: New. Tier: Early warning."
        in field(window, "Decisions on this concern").text()
    )
    type_text(field(window, "Reason for the decision"), f"Typed {CANARY}")
    window.lock_now()
    assert CANARY not in all_visible_text(window) and ref not in all_visible_text(window)


def test_wiping_leaves_nothing_for_ctrl_z_to_bring_back(qtbot, opened):
    # The next person to unlock must not be able to undo their way to what was typed.
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit

    panel, _ref = opened
    boxes = [
        w
        for w in panel.findChildren(QLineEdit) + panel.findChildren(QPlainTextEdit)
        if not w.isReadOnly() and not isinstance(w.parent(), QAbstractSpinBox | QComboBox)
    ]
    assert len(boxes) >= 8
    for n, box in enumerate(boxes):
        box.setFocus()
        type_text(box, f"{CANARY}{n}")
        typed = box.text() if isinstance(box, QLineEdit) else box.toPlainText()
        assert typed.endswith(f"{CANARY}{n}"), box.accessibleName()
    panel.wipe()
    for box in boxes:
        for _ in range(3):  # each undo looked at: a second one could step past the canary
            box.undo()
            text = box.text() if isinstance(box, QLineEdit) else box.toPlainText()
            assert CANARY not in text, box.accessibleName()
