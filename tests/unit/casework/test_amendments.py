"""Corrections are new versions: the current record shows the corrected words (in the list,
search and matching too), every earlier version is rebuilt exactly, a reason is required,
the audit log names the fields but never their values or the reason, and corrections
cannot be changed or removed, even by the app. Real SQLCipher store (the `ready` fixture).
"""

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlcipher3 import dbapi2 as sqlcipher

from app.casework.amendments import (
    FIELD_WORDS,
    FIXED,
    Amendments,
    AmendmentsNotAllowed,
    _leaves,
    audit_token,
)
from app.casework.matching import SAME_NAME, SAME_REGISTRATION, seen_elsewhere
from app.casework.records import Records
from app.core import errors
from app.intake.concern.codec import to_dict
from app.intake.concern.model import (
    Concern,
    IndicatorAnswer,
    InvolvedPerson,
    OnlineContact,
    Vehicle,
    YoungPerson,
)
from app.intake.concern.reference import new_reference
from app.intake.letterbox import load_concern
from app.keys import audit
from db.organisation import AccountRow
from tests.conftest import PASSPHRASE

CANARY = "Qzvamendcanary"
REASON_CANARY = "Qzvreasoncanary"
NOW = datetime.now(UTC)


def _concern(name: str = "Amira Khan", reg: str = "AB12 CDE", **changes) -> Concern:
    values = dict(
        id=new_reference(),
        checklist_version=1,
        created_at=NOW - timedelta(days=1),
        submitted_at=NOW - timedelta(days=1),
        happened_on=NOW.date() - timedelta(days=2),
        young_person=YoungPerson(
            name=name,
            known_as="Mira",
            school="Riverside Academy",
            date_of_birth=date(2011, 3, 2),
            needs=("autism",),
        ),
        happened_where="The car park behind the hall",
        own_words="He said I owe him for the phone",
        observations="A silver car waited for 20 minutes.",
        actions_taken="Told the lead at 9 pm.",
        people=[InvolvedPerson(name="Dan Marsh", description="man in his twenties")],
        vehicles=[Vehicle(registration=reg, make="Ford", colour="silver")],
        contacts=[OnlineContact(kind="phone", value="07700 900123")],
        indicators=[IndicatorAnswer("T1-01", details="Missing twice this month")],
        computed_tier="1",
        recorder_name="Sam Volunteer",
        recorder_role="Volunteer",
        source="direct",
    )
    values.update(changes)
    return Concern(**values)


@pytest.fixture
def lead(ready):
    ready.unlock(PASSPHRASE)
    return ready


@pytest.fixture
def service(lead):
    return Amendments(lead)


def _add(session, concern: Concern | None = None) -> Concern:
    return session.save_concern_direct(concern or _concern())


def _count(session, table: str) -> int:
    return session.require_store().query_one(f"SELECT count(*) FROM {table}")[0]


def _audit_rows(session) -> list[tuple]:
    return session.require_store().query_all(
        "SELECT event, subject, detail, role, account_id FROM audit_log ORDER BY seq"
    )


# -- versions --------------------------------------------------------------------------
def test_a_correction_makes_version_2_and_version_1_is_rebuilt_exactly(lead, service):
    original = _add(lead)
    ref = original.id
    corrected = replace(original, own_words="He said I owe him for the phone and the vapes")
    assert service.correct(ref, corrected, "The volunteer left out the last words.") == 2

    now = load_concern(lead.require_store(), ref)
    assert now.own_words == "He said I owe him for the phone and the vapes"
    assert to_dict(now) == to_dict(corrected)

    versions = service.versions(ref)
    assert [v.number for v in versions] == [1, 2]
    assert to_dict(versions[0].concern) == to_dict(original)
    assert to_dict(versions[1].concern) == to_dict(corrected)
    assert all(v.intact is True for v in versions)
    first, second = versions
    assert first.is_original and first.reason == "" and first.changed == ()
    assert first.at == original.submitted_at
    assert second.reason == "The volunteer left out the last words."
    assert second.account_name == "Sam Okafor"  # the lead's account
    assert second.changed == ("own_words",)
    assert abs(second.at - datetime.now(UTC)) < timedelta(minutes=1)
    assert service.current_version(ref)[0] == 2
    assert service.changed_fields(ref, 2) == ["own_words"]
    assert service.changed_fields(ref, 1) == []


def test_a_second_correction_makes_3_and_1_and_2_stay_exact(lead, service):
    original = _add(lead)
    ref = original.id
    second = replace(
        original,
        young_person=replace(
            original.young_person, name="Amira Khan-Ali", date_of_birth=date(2011, 3, 12), needs=()
        ),
        happened_on=None,
        vehicles=[Vehicle(registration="AB12 CDF", make="Ford", colour="silver")],
    )
    assert service.correct(ref, second, "Name and date of birth checked with school.") == 2
    third = replace(
        second,
        people=[InvolvedPerson(name="Dan Marsh", nickname="D"), InvolvedPerson(name="Kez")],
        contacts=[],
        indicators=[
            IndicatorAnswer("T1-01", details="Missing three times this month"),
            IndicatorAnswer("T1-02"),
        ],
        recorder_role="Assistant leader",
        called_999=True,
    )
    assert service.correct(ref, third, "More detail from the volunteer.") == 3

    versions = service.versions(ref)
    assert [v.number for v in versions] == [1, 2, 3]
    for version, expected in zip(versions, (original, second, third), strict=True):
        assert to_dict(version.concern) == to_dict(expected)
        assert version.intact is True
    assert versions[1].changed == (
        "happened_on",
        "vehicles",
        "young_person.date_of_birth",
        "young_person.name",
        "young_person.needs",
    )
    assert set(versions[2].changed) == {
        "people",
        "contacts",
        "indicators",
        "recorder_role",
        "called_999",
    }
    assert to_dict(load_concern(lead.require_store(), ref)) == to_dict(third)
    # The checklist answers keep the version they were made with.
    rows = lead.require_store().query_all(
        "SELECT checklist_version FROM concern_indicators WHERE concern_id = ?", (ref,)
    )
    assert rows == [(1,), (1,)]


def test_an_unchanged_field_and_other_concerns_are_left_alone(lead, service):
    one, other = _add(lead), _add(lead, _concern("Bea Jones", "XY99 ZZZ"))
    before = to_dict(load_concern(lead.require_store(), other.id))
    service.correct(one.id, replace(one, observations="Two men in the car."), "Typo.")
    assert to_dict(load_concern(lead.require_store(), other.id)) == before
    assert service.versions(other.id)[0].number == 1
    assert len(service.versions(other.id)) == 1


def test_the_records_list_shows_the_corrected_name(lead, service):
    concern = _add(lead)
    corrected = replace(concern, young_person=replace(concern.young_person, name="Amina Khan"))
    service.correct(concern.id, corrected, "Name misheard.")
    rows = {r.reference: r for r in Records(lead).rows()}
    assert rows[concern.id].young_person == "Amina Khan"


# -- what is refused ---------------------------------------------------------------------
def test_a_reason_is_required_and_nothing_is_written_without_one(lead, service):
    concern = _add(lead)
    changed = replace(concern, own_words="Different words")
    for reason in ("", "   \n "):
        with pytest.raises(errors.InvalidInput) as caught:
            service.correct(concern.id, changed, reason)
        assert set(caught.value.fields) == {"reason"}
    with pytest.raises(errors.InvalidInput) as caught:
        service.correct(concern.id, changed, "x" * 2001)
    assert "2,000 characters" in caught.value.fields["reason"]
    assert _count(lead, "amendments") == 0
    assert to_dict(load_concern(lead.require_store(), concern.id)) == to_dict(concern)


def test_the_corrected_record_is_checked_as_a_submitted_one(lead, service):
    concern = _add(lead)
    blank = replace(
        concern,
        own_words="",
        observations="",
        recorder_name=" ",
        young_person=replace(concern.young_person, name="", known_as=""),
    )
    with pytest.raises(errors.InvalidInput) as caught:
        service.correct(concern.id, blank, "Tidying up")
    assert {"own_words", "recorder_name", "young_person.name"} <= set(caught.value.fields)
    too_long = replace(
        concern, happened_where="x" * 501, happened_on=date.today() + timedelta(days=3)
    )
    with pytest.raises(errors.InvalidInput) as caught:
        service.correct(concern.id, too_long, "Tidying up")
    assert {"happened_where", "happened_on"} <= set(caught.value.fields)
    assert _count(lead, "amendments") == 0


def test_how_it_was_recorded_cannot_be_corrected(lead, service):
    concern = _add(lead)
    for key, value in (
        ("id", new_reference()),
        ("created_at", NOW),
        ("source", "letterbox"),
        ("checklist_version", 2),
        ("status", "incomplete-closed"),
        ("computed_tier", "none"),
    ):
        with pytest.raises(errors.InvalidInput) as caught:
            service.correct(concern.id, replace(concern, **{key: value}), "Because")
        assert key in caught.value.fields
    assert _count(lead, "amendments") == 0


def test_nothing_changed_is_said_and_not_saved(lead, service):
    concern = _add(lead)
    with pytest.raises(errors.InvalidInput) as caught:
        service.correct(concern.id, replace(concern), "No reason")
    assert set(caught.value.fields) == {"changes"}
    assert _count(lead, "amendments") == 0


def test_an_old_record_is_checked_as_of_the_day_it_was_recorded(lead, service):
    # 16 when recorded ten years ago; 26 today, which a new record would not accept.
    long_ago = datetime(2016, 5, 1, 18, 0, tzinfo=UTC)
    concern = _add(
        lead,
        _concern(
            created_at=long_ago,
            submitted_at=long_ago,
            happened_on=date(2016, 4, 30),
            young_person=YoungPerson(name="Amira Khan", date_of_birth=date(2000, 1, 5)),
        ),
    )
    assert service.correct(concern.id, replace(concern, own_words="Corrected"), "Typo") == 2


def test_an_unknown_concern_a_trustee_and_a_locked_store_are_refused(lead, service):
    concern = _add(lead)
    with pytest.raises(errors.ConcernMissing):
        service.correct("C-0000-0000", concern, "Because")
    with pytest.raises(errors.ConcernMissing):
        service.versions("C-0000-0000")
    lead._account = AccountRow(2, "slot-2", "Tess Trustee", "trustee")
    for call in (
        lambda: service.correct(concern.id, concern, "x"),
        lambda: service.versions(concern.id),
        lambda: service.current_version(concern.id),
    ):
        with pytest.raises(AmendmentsNotAllowed):
            call()
    lead.lock()
    with pytest.raises(errors.Locked):
        service.versions(concern.id)


def test_young_person_details_shared_with_other_records_are_not_corrected_here(lead, service):
    one, other = _add(lead), _add(lead, _concern("Amira K"))
    store = lead.require_store()
    with store.transaction():  # as a merge of the two records leaves them
        store.execute(
            "UPDATE concerns SET young_person_id = "
            "(SELECT young_person_id FROM concerns WHERE id = ?) WHERE id = ?",
            (one.id, other.id),
        )
    now_other = load_concern(store, other.id)
    renamed = replace(now_other, young_person=replace(now_other.young_person, name="A Khan"))
    with pytest.raises(errors.InvalidInput) as caught:
        service.correct(other.id, renamed, "Name")
    assert "young_person.name" in caught.value.fields
    # The concern's own words can still be corrected.
    assert service.correct(other.id, replace(now_other, own_words="Fixed"), "Typo") == 2
    versions = service.versions(other.id)
    # The original's young person is the merged record's now: not checkable, not "broken".
    assert versions[0].intact is None and versions[1].intact is True


# -- one transaction ---------------------------------------------------------------------
def test_a_failure_part_way_leaves_everything_as_it_was(lead, service, monkeypatch):
    concern = _add(lead)
    audit_before = _count(lead, "audit_log")

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(audit, "append", broken)
    corrected = replace(
        concern, own_words=f"New words {CANARY}", vehicles=[Vehicle(registration="ZZ99 ZZZ")]
    )
    with pytest.raises(RuntimeError):
        service.correct(concern.id, corrected, "Because")
    monkeypatch.undo()
    assert _count(lead, "amendments") == 0 and _count(lead, "audit_log") == audit_before
    assert to_dict(load_concern(lead.require_store(), concern.id)) == to_dict(concern)
    assert Records(lead).search(CANARY) == set()


# -- search and matching -----------------------------------------------------------------
def test_search_finds_the_new_words_and_not_the_removed_ones(lead, service):
    concern = _add(lead, _concern(own_words="He gave me a Zoltraak phone"))
    records = Records(lead)
    assert records.search("Zoltraak") == {concern.id}
    corrected = replace(
        concern,
        own_words="He gave me a Quenyaphone",
        young_person=replace(concern.young_person, school="Hillcrest School"),
    )
    service.correct(concern.id, corrected, "Misheard.")
    assert records.search("Zoltraak") == set()
    assert records.search("Quenyaphone") == {concern.id}
    assert records.search("Hillcrest") == {concern.id}
    assert _count(lead, "concern_search") == 1


def test_matching_sees_a_corrected_registration_and_name(lead, service):
    store = lead.require_store()
    one = _add(lead)
    other = _add(
        lead,
        _concern("Bea Jones", "XY99 ZZZ", people=[InvolvedPerson(name="Kez Stone")], contacts=[]),
    )
    # Matching has run (its keys are built) before the correction.
    assert not [m for m in seen_elsewhere(store, one.id) if other.id in m.concern_ids]

    corrected = replace(
        other,
        vehicles=[Vehicle(registration="ab12cde")],
        people=[InvolvedPerson(name="dan  MARSH")],
    )
    service.correct(other.id, corrected, "Registration and name misread.")
    found = {m.how: m.concern_ids for m in seen_elsewhere(store, one.id)}
    assert found[SAME_REGISTRATION] == (other.id,)
    assert found[SAME_NAME] == (other.id,)
    normalised = store.query_all(
        "SELECT kind, normalised FROM subjects WHERE concern_id = ? ORDER BY kind", (other.id,)
    )
    assert ("vehicle", "AB12CDE") in normalised and ("person", "dan marsh") in normalised
    assert ("vehicle", "XY99ZZZ") not in normalised


# -- the audit log -----------------------------------------------------------------------
def test_the_audit_entry_names_fields_never_values_or_the_reason(lead, service):
    concern = _add(lead)
    corrected = replace(
        concern,
        own_words=f"He said {CANARY}",
        young_person=replace(concern.young_person, name=f"Amira {CANARY}"),
    )
    service.correct(concern.id, corrected, f"Checked with the volunteer {REASON_CANARY}")
    rows = _audit_rows(lead)
    change = [r for r in rows if r[0] == "change" and '"correction"' in r[2]]
    assert len(change) == 1
    _event, subject, detail, role, account_id = change[0]
    assert subject == concern.id and role == "lead" and account_id == lead.account_id
    assert json.loads(detail) == {
        "what": "correction",
        "version": 2,
        "fields": ["own_words", "young_person-name"],
    }
    everything = repr(lead.require_store().query_all("SELECT * FROM audit_log"))
    assert CANARY not in everything and REASON_CANARY not in everything
    assert audit.verify(lead.require_store()).ok
    service.versions(concern.id)
    viewed = [r for r in _audit_rows(lead) if r[0] == "view"]
    assert viewed[-1][1] == concern.id and json.loads(viewed[-1][2])["what"] == "versions"


def test_every_field_path_fits_the_audit_log_and_has_plain_words():
    for path, _value in _leaves(to_dict(_concern())):
        audit.canonical_detail({"fields": [audit_token(path)]})  # raises if not allowed
        if path not in FIXED:  # what a correction may change has words for the lead
            assert path in FIELD_WORDS, path


# -- corrections are kept as made --------------------------------------------------------
def test_the_app_cannot_update_or_delete_a_correction(lead, service):
    concern = _add(lead)
    service.correct(concern.id, replace(concern, own_words="Fixed"), "Typo")
    store = lead.require_store()
    for sql in (
        "UPDATE amendments SET reason = 'changed'",
        "UPDATE amendments SET changes = '{}'",
        "DELETE FROM amendments",
    ):
        with pytest.raises(sqlcipher.DatabaseError, match="kept as made"), store.transaction():
            store.execute(sql)
    # Nor skip a version, nor write the original's number.
    for version in (4, 1, 2):
        with pytest.raises(sqlcipher.DatabaseError), store.transaction():
            store.execute(
                "INSERT INTO amendments (concern_id, version, at, account_id, reason, "
                "changes, digest) VALUES (?, ?, '2026-01-01T00:00:00+00:00', NULL, 'r', "
                '\'{"own_words": {"old": "a", "new": "b"}}\', \'x\')',
                (concern.id, version),
            )
    assert _count(lead, "amendments") == 1
    assert [v.number for v in service.versions(concern.id)] == [1, 2]


def test_a_letter_from_the_letterbox_is_corrected_and_its_original_checks_out(ready):
    letter = _concern(source="letterbox")
    ready.seal_concern(letter)
    ready.unlock(PASSPHRASE)  # imports the letter
    service = Amendments(ready)
    stored = load_concern(ready.require_store(), letter.id)
    assert to_dict(stored) == to_dict(letter)
    service.correct(letter.id, replace(stored, told_by="Her sister"), "Who told the volunteer.")
    original, corrected = service.versions(letter.id)
    assert to_dict(original.concern) == to_dict(letter) and original.intact is True
    assert corrected.concern.told_by == "Her sister" and corrected.intact is True
