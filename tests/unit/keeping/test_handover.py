"""Handing records over between two real installations: two data folders, two Sessions,
two SQLCipher stores. What the sender had (details, merged records, concerns with their
corrections, decisions, referrals, follow-ups, chronology) arrives whole; both audit
logs hold the same file id and counts and no names; a chosen subset carries only those
young people; the same file twice is refused; a colliding reference gets a new one."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.casework.amendments import Amendments
from app.casework.decisions import Decisions
from app.casework.records import Records
from app.casework.young_people import YoungPeople
from app.core import errors
from app.core.paths import resolve
from app.intake.concern.model import Concern, IndicatorAnswer, InvolvedPerson, Vehicle, YoungPerson
from app.intake.concern.reference import new_reference
from app.keeping import handover_format as fmt
from app.keeping.handover import Handover, open_file
from app.keys.accounts import Accounts
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.recovery_code import generate
from app.keys.session import Session
from tests.conftest import CONTACTS, PASSPHRASE, make_details

CANARY = "Qzhandovercanary"
NOW = datetime(2026, 5, 12, 9, 0, tzinfo=UTC)
TODAY = NOW.astimezone().date()


def _session(folder: Path, **details: str) -> Session:
    paths = resolve(str(folder))
    paths.ensure()
    made = Session(paths, kdf_params=lambda: FAST_FOR_TESTS)
    made.set_up(make_details(**details), PASSPHRASE, generate(), dict(CONTACTS))
    return made  # unlocked, as the lead


@pytest.fixture
def sender(tmp_path, isolated_tmp):
    made = _session(tmp_path / "sender")
    yield made
    made.lock()


@pytest.fixture
def receiver(tmp_path, isolated_tmp):
    made = _session(tmp_path / "receiver", name="Northside Scouts", lead_name="Priya Shah")
    yield made
    made.lock()


def _concern(
    name: str,
    *,
    dob: date | None = date(2011, 3, 2),
    days_ago: int = 3,
    words: str = "",
    reference: str | None = None,
) -> Concern:
    return Concern(
        id=reference or new_reference(),
        checklist_version=1,
        created_at=NOW - timedelta(days=days_ago),
        submitted_at=NOW - timedelta(days=days_ago),
        happened_on=TODAY - timedelta(days=days_ago),
        young_person=YoungPerson(
            name=name,
            known_as="JJ",
            date_of_birth=dob,
            needs=("autism",),
            school="Riverside Academy",
        ),
        own_words=words or f"He said I owe him {CANARY}",
        observations="A silver car waited for 20 minutes.",
        people=[InvolvedPerson(name="Dan", nickname="D", approximate_age="25")],
        vehicles=[Vehicle(registration="AB12 CDE", make="Ford", colour="Silver")],
        indicators=[IndicatorAnswer("T1-01", "within-6-months", "saw", "seen twice")],
        computed_tier="1",
        recorder_name="Sam Volunteer",
    )


def _person_of(session: Session, reference: str) -> int:
    return session.require_store().query_one(
        "SELECT young_person_id FROM concerns WHERE id = ?", (reference,)
    )[0]


def _populate(sender: Session) -> dict[str, object]:
    """Three young people; the first with two records merged, a correction, decisions,
    a referral, follow-ups and a chronology entry."""
    people = YoungPeople(sender, clock=lambda: NOW)
    decisions = Decisions(sender, clock=lambda: NOW)
    a1 = sender.save_concern_direct(_concern(f"Jade {CANARY}", days_ago=40)).id
    a2 = sender.save_concern_direct(_concern("Jayde Smith", days_ago=10)).id
    jade, other = _person_of(sender, a1), _person_of(sender, a2)
    people.merge(jade, other)
    Amendments(sender, clock=lambda: NOW).correct(
        a1,
        replace(Records(sender).open(a1), own_words=f"He said I owe him, corrected {CANARY}"),
        f"Misheard at first {CANARY}",
    )
    decisions.set_status(a1, "under-review")
    decisions.raise_tier(a1, "2", f"Older man seen again {CANARY}")
    decisions.record_phone_referral(
        a1, NOW - timedelta(hours=1), "Duty team", "Alex at MASH", "MASH-1234"
    )
    decisions.set_status(a1, "referred", referred_to="mash")
    decisions.add_task(f"Ring school {CANARY}", TODAY + timedelta(days=2), concern=a1)
    decisions.add_task("Check attendance", TODAY + timedelta(days=5), young_person_id=jade)
    people.add_entry(jade, TODAY - timedelta(days=2), "phone-call", f"School rang about {CANARY}")
    b1 = sender.save_concern_direct(_concern("Tom Other", dob=None)).id
    c1 = sender.save_concern_direct(_concern("Amir Third", days_ago=100)).id
    return {
        "jade": jade,
        "a1": a1,
        "a2": a2,
        "tom": _person_of(sender, b1),
        "b1": b1,
        "c1": c1,
        "amir": _person_of(sender, c1),
    }


def _picture(session: Session, young_person_id: int) -> dict:
    """A young person's whole picture with the store's own ids taken out, to compare
    across two stores."""
    payload = Handover(session, clock=lambda: NOW).gather([young_person_id]).payload
    (person,) = payload["young_people"]
    keys = {person["key"]: "root"} | {
        o["key"]: f"other-{i}" for i, o in enumerate(person["also_recorded_as"])
    }
    entries = {e["key"]: i for i, e in enumerate(person["entries"])}
    tasks = {t["key"]: i for i, t in enumerate(person["tasks"])}
    person["key"] = "root"
    for other in person["also_recorded_as"]:
        other["key"] = keys[other["key"]]
    for m in person["merges"]:
        m["kept"], m["merged"] = keys[m["kept"]], keys[m["merged"]]
        m["entries"] = [entries[k] for k in m["entries"]]
        m["tasks"] = [tasks[k] for k in m["tasks"]]
    for e in person["entries"]:
        e["key"] = entries[e["key"]]
    for t in person["tasks"]:
        t["key"] = tasks[t["key"]]
    return person


def _without_provenance(picture: dict) -> dict:
    picture["entries"] = [
        e for e in picture["entries"] if not e["summary"].startswith("Records handed over from")
    ]
    return picture


def _audit(session: Session, event: str) -> list[tuple[str, dict]]:
    rows = session.require_store().query_all(
        "SELECT subject, detail FROM audit_log WHERE event = ? ORDER BY seq", (event,)
    )
    return [(s, json.loads(d)) for s, d in rows]


def _all_audit_text(session: Session) -> str:
    return json.dumps(session.require_store().query_all("SELECT * FROM audit_log"))


# -- the round trip --------------------------------------------------------------------
def test_all_records_arrive_whole_and_both_sides_log_the_same_file(sender, receiver, tmp_path):
    ids = _populate(sender)
    target = tmp_path / "out" / "handover.cse-handover"
    target.parent.mkdir()
    made = Handover(sender, clock=lambda: NOW).export(target)
    assert made.young_people == 3 and made.concerns == 4
    assert fmt.normalise_passphrase(made.passphrase)  # grouped, with its check character

    opened = open_file(target, made.passphrase)
    service = Handover(receiver, clock=lambda: NOW + timedelta(days=1))
    preview = service.preview(opened)
    assert preview.from_organisation == "Riverside Youth Club"
    assert (preview.young_people, preview.concerns) == (3, 4)
    assert preview.first == TODAY - timedelta(days=100)
    assert preview.last == TODAY - timedelta(days=3)
    assert preview.references_in_use == 0
    jade_line = next(n for n in preview.names if n.startswith("Jade"))
    assert "also recorded as Jayde Smith" in jade_line and "2 concerns" in jade_line
    assert "Riverside Youth Club" in preview.sentence and "3 young people" in preview.sentence

    received = service.receive(opened)
    assert len(received.young_person_ids) == 3 and received.concerns == 4
    assert received.renamed == {}

    # Every young person's picture is the same on both sides, less the store's own ids
    # and the one chronology entry the import adds to say where the records came from.
    by_reference = {}
    for pid in received.young_person_ids:
        picture = _picture(receiver, pid)
        by_reference[picture["concerns"][0]["concern"]["id"]] = picture
    for name in ("jade", "tom", "amir"):
        theirs = _picture(sender, ids[name])
        ours = by_reference[theirs["concerns"][0]["concern"]["id"]]
        provenance = [
            e
            for e in ours["entries"]
            if e["summary"].startswith("Records handed over from Riverside")
        ]
        assert len(provenance) == 1 and provenance[0]["kind"] == "other-agency"
        assert _without_provenance(ours) == theirs

    # The corrected concern's versions rebuild, and check out, the same on both sides.
    theirs = Amendments(sender).versions(ids["a1"])
    ours = Amendments(receiver).versions(ids["a1"])
    assert [v.concern for v in ours] == [v.concern for v in theirs]
    assert [v.intact for v in ours] == [v.intact for v in theirs]
    assert len(ours) == 2 and ours[1].reason == f"Misheard at first {CANARY}"
    assert ours[1].account_name == ""  # who corrected it has no account here

    # Decisions, the referral and the follow-ups are there, as the lead's work.
    review = Decisions(receiver, clock=lambda: NOW).review(ids["a1"])
    assert review.status == "referred" and review.lead_tier == "2"
    assert [d.kind for d in review.history] == ["status", "tier", "status"]
    assert review.referrals[0].their_reference == "MASH-1234"
    assert {t.text for t in review.tasks} == {f"Ring school {CANARY}", "Check attendance"}

    # The merge came across: "also recorded as", and it can be undone here.
    jade_here = _person_of(receiver, ids["a1"])
    page = YoungPeople(receiver, clock=lambda: NOW).page(jade_here)
    assert page.also_recorded_as == ("Jayde Smith",)
    assert page.concerns == 2
    YoungPeople(receiver, clock=lambda: NOW).undo_merge(page.merges[0].id)
    assert _person_of(receiver, ids["a2"]) != jade_here

    # Search and matching see the new records as they see any other.
    assert ids["a1"] in Records(receiver).search(CANARY)
    assert ids["b1"] in Records(receiver).search("Tom Other")

    # Both audit logs: the same file id and counts, and no names or typed words.
    ((sent_subject, sent),) = _audit(sender, "export")
    imported = [d for _, d in _audit(receiver, "import") if d.get("what") == "handover"]
    assert len(imported) == 1
    assert sent["bundle"] == imported[0]["bundle"] == made.bundle_id == sent_subject
    assert (sent["young_people"], sent["concerns"]) == (3, 4)
    assert (imported[0]["young_people"], imported[0]["concerns"]) == (3, 4)
    assert sent["all_records"] is True
    for session in (sender, receiver):
        text = _all_audit_text(session)
        assert CANARY not in text and "Jade" not in text and "Riverside Youth" not in text

    # The ledger says where they came from.
    (ledger,) = service.imports()
    assert ledger["from_organisation"] == "Riverside Youth Club"
    assert sorted(ledger["young_person_ids"]) == sorted(received.young_person_ids)


def test_a_chosen_young_person_travels_alone(sender, receiver, tmp_path):
    ids = _populate(sender)
    target = tmp_path / "tom.cse-handover"
    made = Handover(sender).export(target, [ids["tom"]])
    assert (made.young_people, made.concerns) == (1, 1)
    ((_, sent),) = _audit(sender, "export")
    assert sent["all_records"] is False and sent["young_people"] == 1

    received = Handover(receiver).receive(open_file(target, made.passphrase))
    refs = [r[0] for r in receiver.require_store().query_all("SELECT id FROM concerns")]
    assert refs == [ids["b1"]]
    assert len(received.young_person_ids) == 1
    names = receiver.require_store().query_all("SELECT name FROM young_people")
    assert names == [("Tom Other",)]
    assert receiver.require_store().query_one("SELECT count(*) FROM decisions")[0] == 0


def test_choosing_nobody_is_refused(sender, tmp_path):
    _populate(sender)
    with pytest.raises(errors.NothingToHandOver):
        Handover(sender).export(tmp_path / "x.cse-handover", [])
    with pytest.raises(errors.NothingToHandOver):
        Handover(sender).export(tmp_path / "x.cse-handover", [999_999])
    assert not (tmp_path / "x.cse-handover").exists()
    assert _audit(sender, "export") == []


def test_the_same_file_twice_is_refused_saying_when(sender, receiver, tmp_path):
    _populate(sender)
    target = tmp_path / "h.cse-handover"
    made = Handover(sender).export(target)
    when = datetime(2026, 6, 1, 14, 5, tzinfo=UTC)
    Handover(receiver, clock=lambda: when).receive(open_file(target, made.passphrase))
    before = receiver.require_store().query_one("SELECT count(*) FROM concerns")[0]

    opened = open_file(target, made.passphrase)
    with pytest.raises(errors.HandoverAlreadyImported) as refused:
        Handover(receiver).preview(opened)
    assert when.astimezone().strftime("%d/%m/%Y at %H:%M") in refused.value.message
    with pytest.raises(errors.HandoverAlreadyImported):
        Handover(receiver).receive(opened)
    assert receiver.require_store().query_one("SELECT count(*) FROM concerns")[0] == before


def test_a_reference_already_in_use_gets_a_new_one_and_keeps_the_senders(
    sender, receiver, tmp_path
):
    ids = _populate(sender)
    # The receiver already has a different concern under the sender's reference.
    receiver.save_concern_direct(_concern("Someone Else", reference=ids["a1"]))
    target = tmp_path / "h.cse-handover"
    made = Handover(sender).export(target)
    opened = open_file(target, made.passphrase)
    assert Handover(receiver).preview(opened).references_in_use == 1

    received = Handover(receiver).receive(opened)
    ((ours, theirs),) = received.renamed.items()
    assert theirs == ids["a1"] and ours != ids["a1"]
    store = receiver.require_store()
    assert store.query_one(
        "SELECT sender_reference FROM handover_concerns WHERE concern_id = ?", (ours,)
    ) == (ids["a1"],)
    # The one already here is untouched; the new one carries its corrections and
    # decisions, and its versions still check out under the new reference.
    assert Records(receiver).open(ids["a1"]).young_person.name == "Someone Else"
    versions = Amendments(receiver).versions(ours)
    assert [v.concern.own_words for v in versions] == [
        f"He said I owe him {CANARY}",
        f"He said I owe him, corrected {CANARY}",
    ]
    assert [v.intact for v in versions] == [
        v.intact for v in Amendments(sender).versions(ids["a1"])
    ]
    assert Decisions(receiver).review(ours).status == "referred"
    entry = store.query_one(
        "SELECT summary FROM chronology_entries WHERE summary LIKE 'Records handed over%' "
        "AND young_person_id = ?",
        (_person_of(receiver, ours),),
    )[0]
    assert f"{ours} (was {ids['a1']})" in entry


def test_only_a_lead_hands_over_or_takes_in(sender, tmp_path):
    _populate(sender)
    Accounts(sender).add(
        "deputy", "Dee Deputy", "marble pigeon violin harbour", "marble pigeon violin harbour"
    )
    target = tmp_path / "h.cse-handover"
    made = Handover(sender).export(target)
    sender.lock()
    sender.unlock("marble pigeon violin harbour")
    with pytest.raises(errors.LeadOnly):
        Handover(sender).people()
    with pytest.raises(errors.LeadOnly):
        Handover(sender).export(tmp_path / "d.cse-handover")
    with pytest.raises(errors.LeadOnly):
        Handover(sender).preview(open_file(target, made.passphrase))
    sender.lock()
    with pytest.raises(errors.Locked):
        Handover(sender).people()


def test_the_choice_list_names_each_standing_record_once(sender):
    ids = _populate(sender)
    choices = Handover(sender).people()
    assert sorted(c.id for c in choices) == sorted([ids["jade"], ids["tom"], ids["amir"]])
    jade = next(c for c in choices if c.id == ids["jade"])
    assert jade.concerns == 2 and jade.words.startswith(f"Jade {CANARY} (JJ), born 02/03/2011")


# -- the file itself --------------------------------------------------------------------
def test_the_header_holds_no_names_counts_or_dates(sender, tmp_path):
    _populate(sender)
    target = tmp_path / "h.cse-handover"
    Handover(sender).export(target)
    raw = target.read_bytes()
    header = json.loads(raw[: raw.index(b"\n")])
    assert set(header) == {"format", "version", "kdf", "check"}
    assert set(header["kdf"]) == {"algorithm", "opslimit", "memlimit", "salt"}
    assert header["format"] == "cse-toolkit-handover" and header["version"] == 1
    # Padded: the size moves in whole steps, not with every record.
    assert (len(raw) - raw.index(b"\n") - 1 - 40) % fmt.PAD_TO == 0


def test_a_mistyped_passphrase_is_caught_before_any_key_is_derived(sender, tmp_path, monkeypatch):
    _populate(sender)
    target = tmp_path / "h.cse-handover"
    made = Handover(sender).export(target)
    calls = []
    monkeypatch.setattr(fmt, "derive", lambda *a: calls.append(a))
    slip = made.passphrase[:-1] + ("0" if made.passphrase[-1] != "0" else "1")
    with pytest.raises(errors.HandoverPassphraseMistyped):
        open_file(target, slip)
    assert calls == []


def test_the_passphrase_reads_back_however_it_is_typed(sender, tmp_path):
    _populate(sender)
    target = tmp_path / "h.cse-handover"
    made = Handover(sender).export(target)
    typed = made.passphrase.lower().replace("-", " ").replace("0", "o")
    assert open_file(target, typed).young_people == 3
    # Another one-time passphrase, well formed, opens nothing.
    with pytest.raises(errors.HandoverWrongPassphrase):
        open_file(target, fmt.new_passphrase())


def test_damage_after_the_header_is_told_apart_from_a_wrong_passphrase(sender, tmp_path):
    _populate(sender)
    target = tmp_path / "h.cse-handover"
    made = Handover(sender).export(target)
    raw = target.read_bytes()
    cut = tmp_path / "cut.cse-handover"
    cut.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(errors.HandoverDamaged):
        open_file(cut, made.passphrase)
    flipped = bytearray(raw)
    flipped[-100] ^= 1
    edited = tmp_path / "edited.cse-handover"
    edited.write_bytes(bytes(flipped))
    with pytest.raises(errors.HandoverDamaged):
        open_file(edited, made.passphrase)


@pytest.mark.parametrize("content", [b"", b"hello\n", b"x" * 10_000, b'{"format":"x"}\n'])
def test_a_file_that_is_not_a_handover_is_said_so(tmp_path, content):
    path = tmp_path / "not.cse-handover"
    path.write_bytes(content)
    with pytest.raises(errors.NotAHandoverFile):
        open_file(path, fmt.new_passphrase())


def test_a_planted_header_cannot_ask_for_giant_key_derivation(tmp_path):
    header = {
        "format": "cse-toolkit-handover",
        "version": 1,
        "check": "",
        "kdf": {
            "algorithm": "argon2id13",
            "opslimit": 4_000_000,
            "memlimit": 1 << 40,
            "salt": "AAAAAAAAAAAAAAAAAAAAAA==",
        },
    }
    path = tmp_path / "planted.cse-handover"
    path.write_bytes(json.dumps(header).encode() + b"\n" + b"\0" * 100)
    with pytest.raises(errors.NotAHandoverFile):
        open_file(path, fmt.new_passphrase())


def test_a_newer_version_says_so(tmp_path):
    path = tmp_path / "new.cse-handover"
    path.write_bytes(b'{"format":"cse-toolkit-handover","version":2}\n' + b"\0" * 64)
    with pytest.raises(errors.HandoverTooNew):
        open_file(path, fmt.new_passphrase())


def test_a_payload_that_points_outside_itself_is_refused():
    good_person = {
        "key": 1,
        "details": {"name": "A"},
        "created_at": "2026-01-01T00:00:00+00:00",
        "also_recorded_as": [],
        "merges": [],
        "concerns": [],
        "entries": [],
        "tasks": [
            {
                "key": 1,
                "concern": "C-0000-0000",
                "on_young_person": False,
                "text": "x",
                "due_on": "2026-01-02",
                "done_at": None,
                "created_at": "2026-01-01T00:00:00+00:00",
            }
        ],
        "keeping": {
            "cse_alleged": False,
            "cse_alleged_on": None,
            "review_after": None,
            "review_after_reason": "",
        },
    }
    doc = {
        "format": fmt.PAYLOAD_FORMAT,
        "version": 1,
        "bundle_id": "0" * 32,
        "made_at": "2026-01-01T00:00:00+00:00",
        "from_organisation": "X",
        "young_people": [good_person],
    }
    with pytest.raises(errors.HandoverDamaged) as refused:
        fmt.check_payload(doc)
    assert "follow-up" in refused.value.reason
    good_person["tasks"] = []
    good_person["details"] = {"name": "A", "nickname_typo": "B"}
    with pytest.raises(errors.HandoverDamaged):
        fmt.check_payload(doc)


def test_how_long_to_keep_the_records_travels_with_them(sender, receiver, tmp_path):
    """A receiving site must not review at the 25th birthday a record the sender marked
    "CSE alleged" or chose to keep longer (retention review, domain facts §6.1)."""
    from app.keeping.retention import Retention

    ids = _populate(sender)
    keeping = Retention(sender)
    keeping.record_cse_alleged(ids["tom"])
    later = keeping.review_date(ids["tom"]).on + timedelta(days=400)
    keeping.keep_longer(ids["tom"], later, "Police investigation still open")
    sent = keeping.review_date(ids["tom"])
    target = tmp_path / "tom.cse-handover"
    made = Handover(sender).export(target, [ids["tom"]])

    received = Handover(receiver).receive(open_file(target, made.passphrase))
    (here,) = received.young_person_ids
    arrived = Retention(receiver).review_date(here)
    assert arrived.cse_alleged and arrived.cse_alleged_on == sent.cse_alleged_on
    assert arrived.chosen == later and arrived.chosen_reason == "Police investigation still open"
    assert arrived.on == sent.on


# -- the training log -------------------------------------------------------------------
VOLUNTEER_CANARY = "Qzvolunteerhandover"


def _train(session: Session) -> None:
    """Three volunteers (one who has left), two sessions, a one-year refresher."""
    from app.casework.training import Training

    log = Training(session, clock=lambda: NOW)
    log.add_session(
        TODAY - timedelta(days=30),
        f"Spotting the signs {VOLUNTEER_CANARY}",
        f"Lee {VOLUNTEER_CANARY}",
        new_names=[f"Vic {VOLUNTEER_CANARY}", "Ann Able"],
    )
    log.add_session(TODAY - timedelta(days=400), "Online", "Lee Lead", new_names=["Bo Left"])
    (left,) = [v for v in log.volunteers() if v.name == "Bo Left"]
    log.set_active(left.id, False)
    session.settings.update({"training_refresher_years": 1})


def _training_log(session: Session) -> tuple[list, list]:
    from app.casework.training import Training

    log = Training(session, clock=lambda: NOW)
    roster = [(v.name, v.active, v.last_trained_on) for v in log.volunteers()]
    sessions = [(s.held_on, s.topic, s.led_by, log.attendees(s.id)) for s in log.sessions()]
    return roster, sessions


def test_the_training_log_travels_with_all_records_encrypted(sender, receiver, tmp_path):
    _populate(sender)
    _train(sender)
    target = tmp_path / "all.cse-handover"
    made = Handover(sender, clock=lambda: NOW).export(target)

    # On disk: no volunteer's name or session in plaintext, in any usual encoding.
    raw = target.read_bytes()
    for canary in (VOLUNTEER_CANARY, "Ann Able", "Bo Left"):
        for form in (canary.encode(), canary.encode("utf-16-le"), canary.lower().encode()):
            assert form not in raw, canary

    opened = open_file(target, made.passphrase)
    service = Handover(receiver, clock=lambda: NOW + timedelta(days=1))
    preview = service.preview(opened)
    assert "It also holds the training log: 3 volunteers and 2 sessions." in preview.sentence
    assert receiver.settings.get("training_refresher_years") == 3
    received = service.receive(opened)
    assert (received.volunteers, received.training_sessions) == (3, 2)

    # The same roster (who is active, when last trained), sessions and attendance.
    assert _training_log(receiver) == _training_log(sender)
    assert f"Vic {VOLUNTEER_CANARY}" in [n for n, _, _ in _training_log(receiver)[0]]
    assert receiver.settings.get("training_refresher_years") == 1  # the log was empty here

    # Both audit logs count them and never name them.
    ((_, sent),) = _audit(sender, "export")
    assert (sent["volunteers"], sent["training_sessions"]) == (3, 2)
    imported = [d for _, d in _audit(receiver, "import") if d.get("what") == "handover"]
    assert (imported[0]["volunteers"], imported[0]["training_sessions"]) == (3, 2)
    for session in (sender, receiver):
        text = _all_audit_text(session)
        assert VOLUNTEER_CANARY not in text and "Ann Able" not in text


def test_a_receiving_log_keeps_its_own_roster_and_interval(sender, receiver, tmp_path):
    from app.casework.training import Training

    _train(sender)
    here = Training(receiver, clock=lambda: NOW)
    here.add_session(TODAY - timedelta(days=400), "Online", "Lee Lead", new_names=["ann able"])
    (ann,) = here.volunteers()
    here.set_active(ann.id, False)
    receiver.settings.update({"training_refresher_years": 2})

    # Only the training log: all records still makes a file.
    made = Handover(sender, clock=lambda: NOW).export(tmp_path / "t.cse-handover")
    assert (made.young_people, made.concerns) == (0, 0)
    Handover(receiver, clock=lambda: NOW).receive(open_file(made.path, made.passphrase))
    roster, sessions = _training_log(receiver)
    # "Ann Able" is the receiver's "ann able" (as it stands here), not a second entry; the
    # same "Online" session gained Bo rather than being copied.
    assert roster == [
        ("ann able", False, TODAY - timedelta(days=30)),
        ("Bo Left", False, TODAY - timedelta(days=400)),
        (f"Vic {VOLUNTEER_CANARY}", True, TODAY - timedelta(days=30)),
    ]
    assert [s[1] for s in sessions] == [f"Spotting the signs {VOLUNTEER_CANARY}", "Online"]
    assert sessions[1][3] == ["ann able", "Bo Left"]
    assert receiver.settings.get("training_refresher_years") == 2


def test_a_chosen_young_person_carries_no_training_log(sender, receiver, tmp_path):
    ids = _populate(sender)
    _train(sender)
    made = Handover(sender).export(tmp_path / "tom.cse-handover", [ids["tom"]])
    opened = open_file(made.path, made.passphrase)
    assert opened.payload["training"] is None
    assert "training log" not in Handover(receiver).preview(opened).sentence
    Handover(receiver).receive(opened)
    assert _training_log(receiver) == ([], [])


def test_a_file_made_before_the_training_log_still_imports(sender, receiver, tmp_path):
    """A file from a version without the training log has no "training" at all."""
    ids = _populate(sender)
    outgoing = Handover(sender, clock=lambda: NOW).gather()
    del outgoing.payload["training"]
    target = tmp_path / "old.cse-handover"
    passphrase = fmt.new_passphrase()
    fmt.write_file(target, outgoing.payload, passphrase, FAST_FOR_TESTS)

    opened = open_file(target, passphrase)
    preview = Handover(receiver).preview(opened)
    assert (preview.young_people, preview.concerns) == (3, 4)
    assert "training log" not in preview.sentence
    received = Handover(receiver).receive(opened)
    assert len(received.young_person_ids) == 3 and received.volunteers == 0
    assert ids["a1"] in Records(receiver).search(CANARY)
    assert _training_log(receiver) == ([], [])


@pytest.mark.parametrize(
    "damage",
    [
        lambda t: t["sessions"][0]["attendees"].append(999),
        # One key twice (one name twice is one volunteer: test_handover_training_checks).
        lambda t: t["volunteers"].append({**t["volunteers"][0], "name": "Another Name"}),
        lambda t: t["volunteers"][0].update(name="   "),
        lambda t: t["sessions"][0].update(held_on="01/02/2026"),
        lambda t: t.update(refresher_years=7),
        lambda t: t["volunteers"][0].update(active=1),
    ],
)
def test_a_damaged_training_log_is_refused_whole(sender, damage):
    _populate(sender)
    _train(sender)
    payload = json.loads(json.dumps(Handover(sender).gather().payload))
    fmt.check_payload(json.loads(json.dumps(payload)))  # whole, it passes
    damage(payload["training"])
    with pytest.raises(errors.HandoverDamaged):
        fmt.check_payload(payload)
