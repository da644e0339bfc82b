"""Key pinning (issue 14 item 1): both public-key swap attacks are noticed at unlock, told
to the lead with numbers and what to do, and audited; the app's own writes never warn.

Real store, real key file, real letterbox writer (Session.seal_concern): the attacker
writes keyring.json as a person at the PC could, and reads letters with their own key.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path

import nacl.public
import pytest

from app.intake import letterbox
from app.intake.concern.model import Concern, YoungPerson
from app.intake.concern.reference import new_reference
from app.keeping.backups import Backups
from app.keys import audit, key_words, pinning, rekey
from app.keys.accounts import Accounts
from app.keys.keyring import Keyring
from app.keys.session import Session
from db import organisation as org_queries
from db import store_settings
from tests.conftest import PASSPHRASE
from tests.letters import letters_in

CANARY = "Zq7Pinning"
DEPUTY = "deputy passphrase quite long"


def _concern(n: int) -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=2,
        created_at=datetime(2026, 5, 1, 19, 0, tzinfo=UTC),
        status="submitted",
        young_person=YoungPerson(name=f"{CANARY} young person {n}"),
        own_words=f"{CANARY} words {n}",
    )


def _with_public_key(original: bytes, public: bytes) -> bytes:
    doc = json.loads(original)
    doc["org_public_key"] = base64.b64encode(public).decode()
    return json.dumps(doc, indent=2).encode()


def _attacker_writes(path: Path, data: bytes) -> None:
    # As a person at the PC would: a new file put in its place (an editor's save).
    temp = path.with_name("keyring.json.edit")
    temp.write_bytes(data)
    os.replace(temp, path)


def _key_file_entries(session: Session) -> list[audit.AuditEntry]:
    return [e for e in session.audit_events() if e.event == audit.KEY_FILE]


def _real_public_key(session: Session) -> bytes:
    return Keyring.load(session.paths.keyring).org_public_key


# -- the words ---------------------------------------------------------------------------
def test_the_word_list_is_fixed_plain_and_distinct():
    words = key_words.word_list()
    assert len(words) == 1024 == len(set(words))
    assert all(w.isascii() and w.isalpha() and w.islower() and 3 <= len(w) <= 5 for w in words)
    # Pinned: changing the list would change every organisation's words.
    joined = "\n".join(words).encode()
    assert hashlib.sha256(joined).hexdigest()[:16] == FIXED_LIST_DIGEST
    for unsuitable in ("grope", "groom", "bribe", "panty", "thong", "kitty", "drown", "hate"):
        assert unsuitable not in words


FIXED_LIST_DIGEST = "3ffd7dd13fb0866e"


def test_words_are_deterministic_six_and_follow_the_key():
    key = bytes(range(32))
    assert key_words.words_for(key) == key_words.words_for(bytes(range(32)))
    assert key_words.phrase(key) == KNOWN_PHRASE
    assert len(key_words.words_for(key)) == 6
    others = {key_words.phrase(bytes([n]) * 32) for n in range(200)}
    assert len(others) == 200  # different keys, different words


KNOWN_PHRASE = "dome send draw mull rigid trout"


# -- the careful attacker: key swapped, letters read and resealed, file put back -----------
def test_careful_swap_put_back_byte_for_byte_is_detected_and_audited(ready):
    original = ready.paths.keyring.read_bytes()
    real_public = _real_public_key(ready)
    attacker = nacl.public.PrivateKey.generate()
    _attacker_writes(ready.paths.keyring, _with_public_key(original, bytes(attacker.public_key)))
    # The Send screen shows the attacker's words, not the organisation's.
    assert ready.letterbox_words() == key_words.phrase(bytes(attacker.public_key))
    for n in range(3):
        ready.seal_concern(_concern(n))
    letters = letters_in(ready.paths.letterbox)
    assert len(letters) == 3
    # The attacker reads each letter, then seals it again to the real key.
    reader = nacl.public.SealedBox(attacker)
    to_real = nacl.public.SealedBox(nacl.public.PublicKey(real_public))
    for path in letters:
        plain = reader.decrypt(path.read_bytes())
        assert CANARY.encode() in plain
        path.write_bytes(bytes(to_real.encrypt(plain)))
    _attacker_writes(ready.paths.keyring, original)
    assert ready.paths.keyring.read_bytes() == original

    report = ready.unlock(PASSPHRASE)

    assert report.imported == 3 and report.quarantined == 0
    assert report.key_file_changed and not report.public_key_repaired
    assert report.letters_at_risk == 3 and report.letters_not_opened == 0
    text = report.key_file_warning
    assert "changed outside the toolkit" in text and "put back as it was" in text
    # The same trace as copying the data folder to a new PC: only the lead knows which.
    assert "copied or moved the toolkit's data folder" in text
    assert "3 letters" in text and "may have been read by someone else" in text
    assert "ICO" in text and "72 hours" in text and "possible data breach" in text
    [entry] = _key_file_entries(ready)
    assert entry.detail == {
        "what": "changed-outside",
        "public_key": "as-pinned",
        "content": "as-pinned",
        "letters_in_window": 3,
        "not_opened": 0,
    }
    assert entry.is_problem and "put back as it was" in entry.summary
    assert CANARY not in json.dumps([e.detail for e in ready.audit_events()])

    # Pinned again: the next unlock is quiet.
    ready.lock()
    again = ready.unlock(PASSPHRASE)
    assert not again.key_file_changed and not again.key_file_warning
    assert len(_key_file_entries(ready)) == 1


def test_a_file_rewritten_in_place_with_its_own_bytes_is_detected(ready):
    original = ready.paths.keyring.read_bytes()
    ready.paths.keyring.write_bytes(original)  # same file id, same bytes: a new change time
    report = ready.unlock(PASSPHRASE)
    assert report.key_file_changed and report.letters_at_risk == 0
    assert "No letters from volunteers arrived" in report.key_file_warning


# -- the naive attacker: the key left swapped ------------------------------------------------
def test_naive_swap_left_in_place_is_repaired_counted_and_audited(ready):
    original = ready.paths.keyring.read_bytes()
    real_public = _real_public_key(ready)
    attacker = nacl.public.PrivateKey.generate()
    _attacker_writes(ready.paths.keyring, _with_public_key(original, bytes(attacker.public_key)))
    for n in range(3):
        ready.seal_concern(_concern(n))

    report = ready.unlock(PASSPHRASE)

    assert report.public_key_repaired and report.key_file_changed
    # Sealed to another key, the letters never open; being young they are left for the
    # next unlock (a sync service may still be writing a young letter) rather than set
    # aside now. Either way the lead is told they could not be opened.
    assert report.imported == 0
    assert report.letters_at_risk == 3 and report.letters_not_opened == 3
    text = report.key_file_warning
    assert "was not the right one. It has been put right" in text
    assert "copied or moved" not in text  # a wrong key is never explained away
    assert "3 of them could not be opened: they are lost to you" in text
    assert "record those concerns again" in text
    assert "ICO" in text and "72 hours" in text
    assert _real_public_key(ready) == real_public
    assert (
        len(letters_in(ready.paths.letterbox))
        + len(letters_in(ready.paths.letterbox / letterbox.QUARANTINE))
        == 3
    )
    [entry] = _key_file_entries(ready)
    assert entry.detail["public_key"] == "repaired"
    assert entry.detail["letters_in_window"] == 3 and entry.detail["not_opened"] == 3
    assert "public key put right" in entry.summary

    ready.lock()
    assert not ready.unlock(PASSPHRASE).key_file_warning  # the repair was pinned


# -- the app's own writes never warn -----------------------------------------------------------
def _quiet(session: Session, secret: str = PASSPHRASE) -> None:
    session.lock()
    report = session.unlock(secret)
    assert not report.key_file_changed, report.key_file_warning
    assert not report.key_file_warning


def test_passphrase_changes_accounts_and_a_new_recovery_code_do_not_warn(ready):
    ready.unlock(PASSPHRASE)
    accounts = Accounts(ready)
    deputy = accounts.add("deputy", "Dee Deputy", DEPUTY, DEPUTY)
    _quiet(ready)
    new = "a brand new passphrase for sam"
    Accounts(ready).change_own_passphrase(PASSPHRASE, new, new)
    _quiet(ready, new)
    Accounts(ready).set_passphrase(deputy, DEPUTY + " two", DEPUTY + " two")
    _quiet(ready, new)
    Accounts(ready).new_recovery_code()
    _quiet(ready, new)
    Accounts(ready).remove(deputy)
    _quiet(ready, new)
    assert not [e for e in _key_file_entries(ready) if e.detail.get("what") != "pinned"]


def test_a_rekey_and_a_restore_do_not_warn(ready, tmp_path):
    ready.unlock(PASSPHRASE)
    stick = tmp_path / "stick"
    stick.mkdir()
    made = Backups(ready).back_up(stick)
    rekey.rekey(ready, PASSPHRASE, {})
    _quiet(ready)
    plan = Backups(ready).inspect(made.path, PASSPHRASE)
    Backups(ready).restore(plan)
    _quiet(ready)
    assert not _key_file_entries(ready)


def test_a_kill_between_a_write_and_its_pin_does_not_warn(ready, monkeypatch):
    ready.unlock(PASSPHRASE)

    def killed(*_a: object, **_k: object) -> None:
        raise KeyboardInterrupt  # the process dies after the file is written

    monkeypatch.setattr(pinning, "pin_file", killed)
    new = "a brand new passphrase for sam"
    with pytest.raises(KeyboardInterrupt):
        Accounts(ready).change_own_passphrase(PASSPHRASE, new, new)
    monkeypatch.undo()
    _quiet(ready, new)


def test_a_kill_before_the_write_does_not_warn(ready, monkeypatch):
    ready.unlock(PASSPHRASE)

    def killed(*_a: object, **_k: object) -> None:
        raise KeyboardInterrupt  # dies after noting the write, before making it

    monkeypatch.setattr(pinning, "atomic_write", killed)
    new = "a brand new passphrase for sam"
    with pytest.raises(KeyboardInterrupt):
        Accounts(ready).change_own_passphrase(PASSPHRASE, new, new)
    monkeypatch.undo()
    _quiet(ready)  # the old passphrase still opens: nothing was written


def test_a_store_made_before_pinning_is_pinned_quietly_then_checked(ready):
    ready.unlock(PASSPHRASE)
    store = ready.require_store()
    with store.transaction():
        store.execute("DELETE FROM store_settings WHERE key = ?", (pinning.SETTING,))
    ready.lock()
    report = ready.unlock(PASSPHRASE)
    assert not report.key_file_warning
    assert [e.detail for e in _key_file_entries(ready)] == [{"what": "pinned"}]
    ready.lock()
    ready.paths.keyring.write_bytes(ready.paths.keyring.read_bytes())
    assert ready.unlock(PASSPHRASE).key_file_changed


def test_the_pin_holds_the_words_and_no_names(ready):
    ready.unlock(PASSPHRASE)
    raw = store_settings.load(ready.require_store(), pinning.SETTING)
    doc = json.loads(raw)
    public, _ = org_queries.load_org_keys(ready.require_store())
    assert doc["words"] == key_words.phrase(public) == ready.letterbox_words()
    assert doc["digest"] == hashlib.sha256(ready.paths.keyring.read_bytes()).hexdigest()
    assert "Sam" not in raw and "Riverside" not in raw


def test_the_setup_sheet_words_are_the_words_of_the_key_setup_makes(session, recovery_code):
    from tests.conftest import CONTACTS, make_details

    printed = session.setup_key_words()  # the recovery sheet is printed before the store
    assert printed == session.setup_key_words()
    session.set_up(make_details(), PASSPHRASE, recovery_code, dict(CONTACTS))
    assert session.letterbox_words() == printed
    session.lock()
    assert session.letterbox_words() == printed  # from the key file, as a volunteer sees


def test_a_kill_after_a_rekey_swap_before_its_pin_does_not_warn(ready, monkeypatch):
    ready.unlock(PASSPHRASE)

    def killed(self: Session, store: object) -> None:
        raise KeyboardInterrupt  # the swap is done; the process dies before pinning

    monkeypatch.setattr(Session, "_pin_key_file", killed)
    with pytest.raises(KeyboardInterrupt):
        rekey.rekey(ready, PASSPHRASE, {})
    monkeypatch.undo()
    ready.lock()
    _quiet(ready)
    # Pinned whole at that unlock: a later put-back copy is still caught.
    ready.lock()
    ready.paths.keyring.write_bytes(ready.paths.keyring.read_bytes())
    assert ready.unlock(PASSPHRASE).key_file_changed


def test_after_a_kill_cut_a_pin_short_a_later_put_back_is_still_caught(ready, monkeypatch):
    ready.unlock(PASSPHRASE)
    monkeypatch.setattr(pinning, "pin_file", lambda *a, **k: (_ for _ in ()).throw(SystemExit))
    new = "a brand new passphrase for sam"
    with pytest.raises(SystemExit):
        Accounts(ready).change_own_passphrase(PASSPHRASE, new, new)
    monkeypatch.undo()
    _quiet(ready, new)
    ready.lock()
    ready.paths.keyring.write_bytes(ready.paths.keyring.read_bytes())
    assert ready.unlock(new).key_file_changed


def test_a_kill_after_a_restore_swap_before_its_pin_does_not_warn(ready, tmp_path, monkeypatch):
    ready.unlock(PASSPHRASE)
    stick = tmp_path / "stick"
    stick.mkdir()
    made = Backups(ready).back_up(stick)
    plan = Backups(ready).inspect(made.path, PASSPHRASE)

    def killed(self: Session, store: object) -> None:
        raise KeyboardInterrupt  # the swap is done; the process dies before pinning

    monkeypatch.setattr(Session, "_pin_key_file", killed)
    with pytest.raises(KeyboardInterrupt):
        Backups(ready).restore(plan)
    monkeypatch.undo()
    ready.lock()
    _quiet(ready)
    ready.lock()
    ready.paths.keyring.write_bytes(ready.paths.keyring.read_bytes())
    assert ready.unlock(PASSPHRASE).key_file_changed


def test_a_missing_word_list_never_stops_a_letter_or_a_key_file_write(ready, monkeypatch):
    def damaged() -> tuple[str, ...]:
        raise OSError("the word list is missing")

    monkeypatch.setattr(key_words, "word_list", damaged)
    ready.seal_concern(_concern(1))  # sealed, no error: the letter is what matters
    assert ready.last_sealed_words == "" and ready.letterbox_words() == ""
    ready.unlock(PASSPHRASE)
    new = "a brand new passphrase for sam"
    Accounts(ready).change_own_passphrase(PASSPHRASE, new, new)
    monkeypatch.undo()
    _quiet(ready, new)


def test_a_store_made_before_pinning_with_a_swapped_key_still_counts_the_letters(ready):
    ready.unlock(PASSPHRASE)
    store = ready.require_store()
    with store.transaction():
        store.execute("DELETE FROM store_settings WHERE key = ?", (pinning.SETTING,))
    ready.lock()
    attacker = nacl.public.PrivateKey.generate()
    _attacker_writes(
        ready.paths.keyring,
        _with_public_key(ready.paths.keyring.read_bytes(), bytes(attacker.public_key)),
    )
    for n in range(2):
        ready.seal_concern(_concern(n))
    report = ready.unlock(PASSPHRASE)
    assert report.public_key_repaired and report.key_file_changed
    assert report.letters_at_risk == 2 and report.letters_not_opened == 2
    assert "2 of them could not be opened" in report.key_file_warning
