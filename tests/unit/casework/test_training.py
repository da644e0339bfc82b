"""The training log over a real SQLCipher store: sessions, the roster, refreshers due
(with "now" fixed through the service's clock), the trustee's count, roles, and an
audit trail that never holds a volunteer's name."""

import json
from datetime import UTC, date, datetime

import pytest

from app.casework.training import Training, add_years
from app.core import errors
from app.keys.accounts import Accounts
from db import training as queries
from tests.conftest import PASSPHRASE

NAME = "Qzvolunteercanary Smith"
TRUSTEE_PASSPHRASE = "violet harbour teapot meadow"
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


def _training(session, now=NOW) -> Training:
    return Training(session, clock=lambda: now)


@pytest.fixture
def lead(ready):
    ready.unlock(PASSPHRASE)
    return ready


def test_a_session_is_kept_with_its_attendees_and_new_names_join_the_roster(lead):
    log = _training(lead)
    log.add_volunteer("Ann Able")
    log.add_session(
        date(2026, 5, 1), " Spotting  the signs ", "Lee Lead", new_names=[NAME, "ann able", NAME]
    )
    (held,) = log.sessions()
    assert (held.held_on, held.topic, held.led_by, held.attendees) == (
        date(2026, 5, 1),
        "Spotting the signs",
        "Lee Lead",
        2,
    )
    # "ann able" is the roster's Ann Able (one entry per name, whatever its capitals).
    assert log.attendees(held.id) == ["Ann Able", NAME]
    assert [(v.name, v.active, v.last_trained_on) for v in log.volunteers()] == [
        ("Ann Able", True, date(2026, 5, 1)),
        (NAME, True, date(2026, 5, 1)),
    ]


def test_a_session_needs_a_past_date_a_topic_a_leader_and_someone_attending(lead):
    log = _training(lead)
    with pytest.raises(errors.InvalidInput) as caught:
        log.add_session(date(2026, 7, 1), "  ", "", new_names=["  "])
    assert set(caught.value.fields) == {"held_on", "topic", "led_by", "attendees"}
    with pytest.raises(errors.InvalidInput) as caught:
        log.add_session(None, "Topic", "Lee", new_names=["Ann"])
    assert set(caught.value.fields) == {"held_on"}
    assert log.sessions() == [] and log.volunteers() == []


@pytest.mark.parametrize("hidden", ["\u202e", "\u200b", "\u2066", "\u200d"])
def test_a_topic_or_leader_with_a_hidden_character_is_refused(lead, hidden):
    # A right-to-left override or a zero-width space could make "Lee Lead" read as
    # someone else on the log, as in a volunteer's name.
    log = _training(lead)
    with pytest.raises(errors.InvalidInput) as caught:
        log.add_session(
            date(2026, 5, 1), f"Spot{hidden}ting", f"Lee{hidden} Lead", new_names=["Ann"]
        )
    assert set(caught.value.fields) == {"topic", "led_by"}
    assert "hidden character" in caught.value.fields["topic"]
    assert log.sessions() == [] and log.volunteers() == []
    # Persian spelling keeps its joiner between two Persian letters.
    log.add_session(
        date(2026, 5, 1), "Online safety", "\u0645\u06cc\u200c\u0631\u0648\u062f", new_names=["Ann"]
    )
    assert len(log.sessions()) == 1


def test_refreshers_are_due_past_the_interval_or_within_a_month(lead):
    log = _training(lead)
    today = NOW.date()
    log.add_session(add_years(today, -3), "Old", "Lee", new_names=["Overdue Olly"])
    log.add_session(add_years(today, -3).replace(day=30), "Soon", "Lee", new_names=["Soon Sam"])
    log.add_session(date(2025, 1, 10), "Recent", "Lee", new_names=["Fresh Fay"])
    log.add_volunteer("Never Nell")
    gone = log.add_session(date(2020, 1, 1), "Older", "Lee", new_names=["Left Lou"])
    assert gone
    (left,) = [v for v in log.volunteers() if v.name == "Left Lou"]
    log.set_active(left.id, False)

    due = log.refreshers_due()
    assert [d.name for d in due] == ["Never Nell", "Overdue Olly", "Soon Sam"]
    assert due[0].words(today) == "no training recorded"
    assert due[1].words(today) == "refresher overdue since 15/06/2026 (last trained 15/06/2023)"
    assert due[2].words(today).startswith("refresher due by 30/06/2026")

    # A shorter interval in Settings brings Fay's refresher due too.
    lead.settings.update({"training_refresher_years": 1})
    assert "Fresh Fay" in [d.name for d in log.refreshers_due()]
    # A day later than a month before, Sam is not due yet.
    lead.settings.update({"training_refresher_years": 3})
    earlier = _training(lead, datetime(2026, 5, 29, 12, tzinfo=UTC))
    assert "Soon Sam" not in [d.name for d in earlier.refreshers_due()]


def test_the_count_is_active_volunteers_trained_within_the_interval(lead):
    log = _training(lead)
    assert log.trained_count().words == "0 of 0 active volunteers trained in the last 3 years"
    log.add_session(date(2025, 3, 1), "Recent", "Lee", new_names=["A One", "B Two"])
    log.add_session(date(2023, 6, 15), "Too old by a day", "Lee", new_names=["C Three"])
    log.add_session(date(2023, 6, 16), "Just in", "Lee", new_names=["D Four"])
    log.add_volunteer("E Five")
    (b,) = [v for v in log.volunteers() if v.name == "B Two"]
    log.set_active(b.id, False)  # left: out of both numbers
    count = log.trained_count()
    assert (count.trained, count.active) == (2, 4)
    assert count.words == "2 of 4 active volunteers trained in the last 3 years"
    lead.settings.update({"training_refresher_years": 1})
    assert log.trained_count().words == "0 of 4 active volunteers trained in the last year"


def test_a_trustee_gets_the_count_and_nothing_else(lead):
    _training(lead).add_session(date(2026, 1, 5), "Signs", "Lee", new_names=[NAME])
    Accounts(lead).add("trustee", "Tess Trustee", TRUSTEE_PASSPHRASE, TRUSTEE_PASSPHRASE)
    lead.lock()
    lead.unlock(TRUSTEE_PASSPHRASE)
    log = _training(lead)
    assert not log.may_edit
    assert log.trained_count().words.startswith("1 of 1 active")
    for read in (log.sessions, log.volunteers, log.refreshers_due, lambda: log.attendees(1)):
        with pytest.raises(errors.LeadOnly):
            read()
    with pytest.raises(errors.LeadOnly):
        log.add_session(date(2026, 1, 6), "Signs", "Tess", new_names=["Someone"])


def test_a_deputy_keeps_the_log(lead):
    Accounts(lead).add("deputy", "Dee Deputy", TRUSTEE_PASSPHRASE, TRUSTEE_PASSPHRASE)
    lead.lock()
    lead.unlock(TRUSTEE_PASSPHRASE)
    log = _training(lead)
    assert log.may_edit
    log.add_session(date(2026, 1, 5), "Signs", "Dee", new_names=[NAME])
    assert [v.name for v in log.volunteers()] == [NAME]


def test_the_audit_log_counts_and_never_names(lead):
    log = _training(lead)
    log.add_session(
        date(2026, 1, 5), f"Topic {NAME}", f"Led {NAME}", new_names=[NAME, "Other Person"]
    )
    log.add_volunteer(f"{NAME} Two")
    (v,) = [v for v in log.volunteers() if v.name == NAME]
    log.set_active(v.id, False)
    rows = lead.require_store().query_all(
        "SELECT event, subject, detail FROM audit_log WHERE subject = 'training-log' ORDER BY seq"
    )
    assert [r[0] for r in rows] == ["change", "change", "change"]
    assert '"attendees":2' in rows[0][2] and '"new_volunteers":2' in rows[0][2]
    everything = repr(lead.require_store().query_all("SELECT * FROM audit_log"))
    assert "Qzvolunteercanary" not in everything and "Other Person" not in everything


def test_the_queries_typed_rows_match_their_columns(lead):
    store = lead.require_store()
    assert queries.sessions(store) == [] and queries.volunteers(store) == []
    assert queries.active_counts(store, "2000-01-01") == (0, 0)


def test_a_name_is_corrected_and_keeps_its_sessions(lead):
    log = _training(lead)
    log.add_session(date(2026, 5, 1), "Signs", "Lee", new_names=["Sam Jnoes", "Ann Able"])
    (sam,) = [v for v in log.volunteers() if v.name == "Sam Jnoes"]
    log.rename_volunteer(sam.id, "  Sam   Jones ")
    assert [(v.id, v.name, v.last_trained_on) for v in log.volunteers() if v.id == sam.id] == [
        (sam.id, "Sam Jones", date(2026, 5, 1))
    ]
    (held,) = log.sessions()
    assert log.attendees(held.id) == ["Ann Able", "Sam Jones"]
    log.rename_volunteer(sam.id, "sam jones")  # only its capitals: still the same person
    with pytest.raises(errors.InvalidInput) as caught:
        log.rename_volunteer(sam.id, "ANN ABLE")
    assert caught.value.fields == {"name": "Another volunteer already has that name."}
    with pytest.raises(errors.InvalidInput) as caught:
        log.rename_volunteer(sam.id, "   ")
    assert caught.value.fields == {"name": "Enter the volunteer's name."}
    assert sorted(v.name for v in log.volunteers()) == ["Ann Able", "sam jones"]


def test_removing_a_volunteer_takes_their_record_and_the_sessions_stay(lead):
    log = _training(lead)
    log.add_session(date(2026, 5, 1), "Signs", "Lee Lead", new_names=[NAME, "Ann Able"])
    log.add_session(date(2026, 3, 1), "Online", "Lee Lead", new_names=[NAME])
    (gone,) = [v for v in log.volunteers() if v.name == NAME]
    assert log.trained_count().words.startswith("2 of 2 active")

    assert log.remove_volunteer(gone.id) == 2
    assert [v.name for v in log.volunteers()] == ["Ann Able"]
    sessions = log.sessions()
    assert [(s.held_on, s.topic, s.led_by, s.attendees) for s in sessions] == [
        (date(2026, 5, 1), "Signs", "Lee Lead", 1),
        (date(2026, 3, 1), "Online", "Lee Lead", 0),
    ]
    assert [log.attendees(s.id) for s in sessions] == [["Ann Able"], []]
    assert log.trained_count().words.startswith("1 of 1 active")
    # The name is nowhere in the store now (through the app: no roster entry, no
    # attendance line), and a second removal says plainly it is gone.
    assert NAME not in repr([log.attendees(s.id) for s in sessions] + log.volunteers())
    with pytest.raises(errors.InvalidInput):
        log.remove_volunteer(gone.id)
    with pytest.raises(errors.InvalidInput):
        log.rename_volunteer(gone.id, "Someone Else")


def test_rename_and_remove_are_audited_with_ids_and_counts_only(lead):
    log = _training(lead)
    log.add_session(date(2026, 1, 5), "Signs", "Lee", new_names=[NAME, "Other Person"])
    (v,) = [v for v in log.volunteers() if v.name == NAME]
    log.rename_volunteer(v.id, f"{NAME} Renamed")
    log.remove_volunteer(v.id)
    rows = lead.require_store().query_all(
        "SELECT detail FROM audit_log WHERE subject = 'training-log' ORDER BY seq"
    )
    details = [json.loads(r[0]) for r in rows][-2:]
    assert details == [
        {"what": "volunteer-renamed", "volunteer": v.id},
        {"what": "volunteer-removed", "volunteer": v.id, "attendance": 1},
    ]
    everything = repr(lead.require_store().query_all("SELECT * FROM audit_log"))
    assert "Qzvolunteercanary" not in everything


def test_only_a_keeper_renames_or_removes(lead):
    _training(lead).add_session(date(2026, 1, 5), "Signs", "Lee", new_names=[NAME])
    Accounts(lead).add("trustee", "Tess Trustee", TRUSTEE_PASSPHRASE, TRUSTEE_PASSPHRASE)
    lead.lock()
    lead.unlock(TRUSTEE_PASSPHRASE)
    log = _training(lead)
    with pytest.raises(errors.LeadOnly):
        log.rename_volunteer(1, "Someone")
    with pytest.raises(errors.LeadOnly):
        log.remove_volunteer(1)
    assert log.trained_count().words.startswith("1 of 1 active")
