"""Handover files under faults: a disk that fills part-way, a wrong passphrase, a file
cut short or edited, an import the store refuses half-way. Each ends with a plain
message, no partial file, the previous file intact, and the receiving data folder
byte-for-byte as it was. And the file holds no record text in plaintext."""

from __future__ import annotations

import json
import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.core import errors
from app.core.paths import resolve
from app.intake.concern.model import Concern, InvolvedPerson, YoungPerson
from app.intake.concern.reference import new_reference
from app.keeping import handover_format as fmt
from app.keeping.handover import Handover, open_file
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.recovery_code import generate
from app.keys.session import Session
from tests.conftest import CONTACTS, PASSPHRASE, make_details, snapshot
from tests.faults import disk_full_after

pytestmark = pytest.mark.slow  # fault tests

NAME_CANARY = "Zqxhandovername"
TEXT_CANARY = "Zqxhandovertext"


def _session(folder: Path, **details: str) -> Session:
    paths = resolve(str(folder))
    paths.ensure()
    made = Session(paths, kdf_params=lambda: FAST_FOR_TESTS)
    made.set_up(make_details(**details), PASSPHRASE, generate(), dict(CONTACTS))
    return made


@pytest.fixture
def sender(tmp_path, isolated_tmp):
    made = _session(tmp_path / "sender")
    for n in range(3):
        made.save_concern_direct(
            Concern(
                id=new_reference(),
                checklist_version=1,
                created_at=datetime.now(UTC),
                young_person=YoungPerson(
                    name=f"Kai {NAME_CANARY}{n}", date_of_birth=date(2010, 1, 1)
                ),
                own_words=f"He said {TEXT_CANARY} again and again " * 20,
                people=[InvolvedPerson(name=f"Man {TEXT_CANARY}")],
            )
        )
    yield made
    made.lock()


@pytest.fixture
def receiver(tmp_path, isolated_tmp):
    made = _session(tmp_path / "receiver", name="Northside Scouts")
    yield made
    made.lock()


def _forms(text: str) -> list[bytes]:
    return [
        text.encode("utf-8"),
        text.encode("utf-16-le"),
        text.encode("utf-16-be"),
        text.lower().encode(),
        text.upper().encode(),
    ]


# -- a disk that fills up --------------------------------------------------------------
@pytest.mark.parametrize("limit", [0, 1, 300, "all but the last bytes"])
def test_a_full_disk_leaves_no_partial_file_and_the_old_one_intact(
    sender, tmp_path, monkeypatch, isolated_tmp, limit
):
    if not isinstance(limit, int):  # as near the end as it gets
        limit = Handover(sender).export(tmp_path / "size.cse-handover").size - 10
        (tmp_path / "size.cse-handover").unlink()
    stick = tmp_path / "stick"
    stick.mkdir()
    target = stick / "handover.cse-handover"
    target.write_bytes(b"the file that was here before")
    audit_before = sender.require_store().query_one("SELECT count(*) FROM audit_log")[0]

    written = disk_full_after(monkeypatch, limit)
    with pytest.raises(errors.HandoverNotSaved) as refused:
        Handover(sender).export(target)
    assert written[0] == limit  # it really did fail part-way, at the limit
    message = f"{refused.value.title} {refused.value.message} {refused.value.next_step}"
    assert "could not be saved" in message and "space" in message
    assert NAME_CANARY not in message and str(stick) not in message

    assert target.read_bytes() == b"the file that was here before"
    assert sorted(p.name for p in stick.iterdir()) == ["handover.cse-handover"]
    assert list(isolated_tmp.iterdir()) == []  # nothing set down anywhere else
    # No file was made, so none is logged as made.
    assert sender.require_store().query_one("SELECT count(*) FROM audit_log")[0] == audit_before


# -- no plaintext ----------------------------------------------------------------------
def test_the_file_holds_no_canary_in_plaintext(sender, tmp_path, isolated_tmp):
    target = tmp_path / "handover.cse-handover"
    made = Handover(sender).export(target)
    raw = target.read_bytes()
    for canary in (NAME_CANARY, TEXT_CANARY, "Riverside Youth Club", "Sam Okafor"):
        for form in _forms(canary):
            assert form not in raw, canary
    # Not even compressed-but-unencrypted: no zlib stream opens anywhere in the body.
    body = raw[raw.index(b"\n") + 1 :]
    for start in range(0, min(len(body), 4096)):
        try:
            zlib.decompressobj().decompress(body[start : start + 512])
        except zlib.error:
            continue
        else:  # a stray 2-byte header can parse; it must not hold the canary
            assert NAME_CANARY.encode() not in zlib.decompressobj().decompress(
                body[start:], 1 << 20
            )
    # Only the one file was written, and nothing was set down in the temp folder.
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["handover.cse-handover"]
    assert list(isolated_tmp.iterdir()) == []
    # ... and it does hold them, once opened with the passphrase.
    inside = json.dumps(open_file(target, made.passphrase).payload)
    assert NAME_CANARY in inside and TEXT_CANARY in inside


def test_the_passphrase_is_kept_nowhere(sender, tmp_path):
    made = Handover(sender).export(tmp_path / "handover.cse-handover")
    code = made.passphrase.replace("-", "")
    for folder in (sender.paths.data, sender.paths.logs, tmp_path):
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert made.passphrase.encode() not in data and code.encode() not in data
    store = sender.require_store()
    assert code not in json.dumps(store.query_all("SELECT * FROM audit_log"))


# -- the receiving side is left exactly as it was --------------------------------------
def _without_journal(files: dict[str, bytes]) -> dict[str, bytes]:
    assert "records.db" in files
    return {k: v for k, v in files.items() if not k.endswith("-journal")}


@pytest.fixture
def made_file(sender, tmp_path):
    target = tmp_path / "handover.cse-handover"
    return target, Handover(sender).export(target).passphrase


def _try_import(receiver: Session, path: Path, passphrase: str) -> None:
    service = Handover(receiver)
    opened = open_file(path, passphrase)
    service.preview(opened)
    service.receive(opened)


def _damaged(tmp_path: Path, raw: bytes, how: str) -> Path:
    path = tmp_path / f"{how}.cse-handover"
    if how == "truncated":
        path.write_bytes(raw[: len(raw) - 5000])
    elif how == "edited-body":
        edited = bytearray(raw)
        edited[len(raw) // 2] ^= 0x40
        path.write_bytes(bytes(edited))
    elif how == "edited-header":
        path.write_bytes(raw.replace(b'"opslimit":1', b'"opslimit":2', 1))
    elif how == "header-only":
        path.write_bytes(raw[: raw.index(b"\n") + 1])
    return path


@pytest.mark.parametrize(
    "how, error",
    [
        ("wrong-passphrase", errors.HandoverWrongPassphrase),
        ("truncated", errors.HandoverDamaged),
        ("edited-body", errors.HandoverDamaged),
        ("edited-header", errors.HandoverWrongPassphrase),
        ("header-only", errors.HandoverDamaged),
    ],
)
def test_a_bad_file_or_passphrase_changes_nothing(receiver, made_file, tmp_path, how, error):
    target, passphrase = made_file
    if how == "wrong-passphrase":
        path, passphrase = target, fmt.new_passphrase()
    else:
        path = _damaged(tmp_path, target.read_bytes(), how)
    before = snapshot(receiver.paths.data)
    with pytest.raises(error) as refused:
        _try_import(receiver, path, passphrase)
    assert "Nothing was changed" in refused.value.next_step
    assert snapshot(receiver.paths.data) == before


def test_an_import_the_store_refuses_half_way_is_rolled_back_whole(
    receiver, made_file, monkeypatch
):
    from db import handover as queries

    target, passphrase = made_file
    opened = open_file(target, passphrase)
    calls = []
    real = queries.add_concern_origin

    def fail_on_the_third(*args):
        calls.append(args)
        if len(calls) == 3:
            raise RuntimeError("the disk went away")
        real(*args)

    monkeypatch.setattr(queries, "add_concern_origin", fail_on_the_third)
    before = _without_journal(snapshot(receiver.paths.data))
    with pytest.raises(errors.HandoverNotImported) as refused:
        Handover(receiver).receive(opened)
    assert len(calls) == 3  # it failed part-way, after two concerns had gone in
    assert "Nothing was changed" in refused.value.next_step
    # records.db itself is byte-identical; the rollback journal beside it is SQLite's
    # own scratch file (encrypted pages), rewritten by any transaction, even one undone.
    assert _without_journal(snapshot(receiver.paths.data)) == before
    store = receiver.require_store()
    for table in ("concerns", "young_people", "handover_imports", "chronology_entries"):
        assert store.query_one(f"SELECT count(*) FROM {table}")[0] == 0, table
    # And after the fault, the same file still goes in.
    monkeypatch.setattr(queries, "add_concern_origin", real)
    assert Handover(receiver).receive(opened).concerns == 3
