import json
import secrets

import pytest

from app.core import errors
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.keyring import ACCOUNT, RECOVERY, Keyring, Slot


@pytest.fixture
def master():
    return bytearray(secrets.token_bytes(32))


def test_slot_unwraps_only_with_its_secret(master):
    slot = Slot.make(ACCOUNT, "kettle orange bicycle", master, FAST_FOR_TESTS)
    assert slot.unwrap("kettle orange bicycle") == master
    assert slot.unwrap("kettle orange bicyclE") is None
    assert slot.unwrap("") is None


def test_unicode_passphrase_is_normalised(master):
    composed = "caf\u00e9 zo\u00eb na\u00efve"
    decomposed = "cafe\u0301 zoe\u0308 nai\u0308ve"
    slot = Slot.make(ACCOUNT, composed, master, FAST_FOR_TESTS)
    assert slot.unwrap(decomposed) == master


def test_round_trip_through_json(tmp_path, master):
    ring = Keyring(
        secrets.token_bytes(32),
        [
            Slot.make(ACCOUNT, "first secret here", master, FAST_FOR_TESTS),
            Slot.make(RECOVERY, "SECONDSECRET", master, FAST_FOR_TESTS),
        ],
    )
    ring.save(tmp_path / "keyring.json")
    loaded = Keyring.load(tmp_path / "keyring.json")
    assert loaded.org_public_key == ring.org_public_key
    assert [s.kind for s in loaded.slots] == [ACCOUNT, RECOVERY]
    assert loaded.slots_of(RECOVERY)[0].unwrap("SECONDSECRET") == master
    doc = json.loads((tmp_path / "keyring.json").read_text())
    assert doc["slots"][0]["kdf"]["opslimit"] == FAST_FOR_TESTS.opslimit


def test_missing_file(tmp_path):
    with pytest.raises(errors.KeyringMissing):
        Keyring.load(tmp_path / "keyring.json")


def _good_bytes(master) -> bytes:
    return Keyring(
        secrets.token_bytes(32), [Slot.make(ACCOUNT, "a secret phrase", master, FAST_FOR_TESTS)]
    ).to_bytes()


@pytest.mark.parametrize(
    "damage",
    [
        lambda b: b[: len(b) // 2],
        lambda b: b"",
        lambda b: b"not json at all",
        lambda b: b"\xff\xfe\x00garbage",
        lambda b: b"[]",
        lambda b: json.dumps({"format": "something-else"}).encode(),
        lambda b: b.replace(b'"slots": [', b'"slots": [{"id": 1}, ').replace(
            b'"kind": "account"', b'"kind": "nonsense"'
        ),  # no slot left that reads
        lambda b: b.replace(b'"version": 1', b'"version": 99'),
    ],
)
def test_damaged_files_are_clear_errors(master, damage):
    with pytest.raises(errors.KeyringDamaged) as caught:
        Keyring.from_bytes(damage(_good_bytes(master)))
    assert "damaged" in caught.value.message


def test_a_slot_that_does_not_read_is_kept_and_the_others_still_work(master):
    good = _good_bytes(master)
    damaged = good.replace(b'"slots": [', b'"slots": [{"id": 1}, ')
    keyring = Keyring.from_bytes(damaged)
    assert keyring.unreadable == [{"id": 1}]
    assert keyring.slots[0].unwrap("a secret phrase") == master
    again = Keyring.from_bytes(keyring.to_bytes())
    assert again.unreadable == [{"id": 1}]  # written back as it was found
