"""Stations (issue 14 item 2): one lead, many PCs and accounts, one shared letterbox.

Real data folders, real store, real keys. Two volunteer station data folders and the
lead's data folder over one shared folder; enrolment files; the pinned key.
"""

import base64
import json
import os
import stat

import nacl.public
import pytest

from app.core import errors
from app.intake import letterbox, stations
from app.keys.key_words import words_for as fingerprint_words
from app.keys.session import Session
from tests.conftest import PASSPHRASE
from tests.letters import letters_in
from tests.stations import concern, enrolment_for, make_station, private_key, station_paths


@pytest.fixture
def shared(tmp_path):
    folder = tmp_path / "shared-letterbox"
    stations.make_shared_folder(folder)
    return folder


def test_two_stations_and_the_lead_over_one_shared_folder(ready, shared, tmp_path):
    ready.save_settings({"letterbox_folders": [str(shared)]})
    enrolment = enrolment_for(ready, shared)
    office = make_station(tmp_path, "office", "Office PC", enrolment)
    hall = make_station(tmp_path, "hall", "Hall laptop", enrolment)
    assert office.is_station and hall.is_station and not ready.is_station

    from_office, from_hall = concern("office"), concern("hall")
    office.seal_concern(from_office)
    hall.seal_concern(from_hall)
    own = ready.seal_concern(concern("lead's own PC"))  # the lead's own letterbox too
    assert len(letters_in(shared)) == 2 and own.exists()
    # A station keeps no records, and no key that opens anything.
    for station in (office, hall):
        assert not station.paths.store.exists() and not station.paths.keyring.exists()

    report = ready.unlock(PASSPHRASE)
    assert (report.imported, report.quarantined) == (3, 0)
    assert letters_in(shared) == [] and not own.exists()
    store = ready.require_store()
    assert letterbox.station_of(store, from_office.id) == "Office PC"
    assert letterbox.station_of(store, from_hall.id) == "Hall laptop"


def test_the_lead_knows_every_letterbox_folder_once(ready, shared):
    ready.save_settings(
        {"letterbox_folders": [str(shared), str(shared), str(ready.paths.letterbox)]}
    )
    assert ready.letterbox_folders() == [ready.paths.letterbox, shared]


def test_letterbox_folders_setting_is_checked(ready):
    problems = ready.settings.problems({"letterbox_folders": ["relative/folder"]})
    assert problems == {"letterbox_folders": "Choose each folder from the folder picker."}
    problems = ready.settings.problems({"letterbox_folders": ["/a\nb"]})
    assert "cannot use" in problems["letterbox_folders"]


def test_a_station_whose_pinned_key_changed_refuses_to_seal_and_says_why(ready, shared, tmp_path):
    office = make_station(tmp_path, "office", "Office PC", enrolment_for(ready, shared))
    key_file = office.paths.data / stations.STATION_KEY_FILE
    doc = json.loads(key_file.read_text())
    attacker = nacl.public.PrivateKey.generate()
    doc["public_key"] = base64.b64encode(bytes(attacker.public_key)).decode()
    key_file.write_text(json.dumps(doc))

    with pytest.raises(errors.StationKeyChanged) as refused:
        office.seal_concern(concern())
    assert "key on this PC has changed" in refused.value.message
    assert "not sent" in refused.value.message
    assert "still on the form" in refused.value.next_step
    assert letters_in(shared) == []  # nothing sealed to the swapped key

    key_file.write_text("{")  # damaged: refused the same way, never a traceback
    with pytest.raises(errors.StationKeyChanged):
        office.seal_concern(concern())


def test_the_enrolment_file_round_trips_and_names_nobody(ready, shared, tmp_path):
    ready.unlock(PASSPHRASE)
    path = tmp_path / "riverside.cse-enrol"
    ready.export_enrolment(path, shared)
    text = path.read_text()
    for personal in ("Sam Okafor", "Youth Leader", "Trustee"):
        assert personal not in text
    read = stations.read_enrolment(path, fingerprint_words)
    assert read.organisation == "Riverside Youth Club"
    assert read.public_key == bytes(nacl.public.PrivateKey(private_key(ready)).public_key)
    assert read.fingerprint == list(fingerprint_words(read.public_key))
    assert read.letterbox == str(shared)
    assert read.contacts["duty_team_phone"] == "0300 126 7000"


def test_only_a_lead_exports_an_enrolment_file(ready, shared, tmp_path):
    with pytest.raises(errors.Locked):
        ready.export_enrolment(tmp_path / "x.cse-enrol", shared)


def _doc(ready, shared):
    return stations.enrolment_doc(enrolment_for(ready, shared))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda d: d.update(format="other"), "it is not an enrolment file"),
        (lambda d: d.update(version=2), "different version"),
        (lambda d: d.update(version=True), "different version"),
        (lambda d: d.update(extra="x"), "fields this version does not know"),
        (lambda d: d.pop("letterbox"), "fields this version does not know"),
        (lambda d: d.update(organisation=""), "organisation's name"),
        (lambda d: d.update(organisation="a\nb"), "organisation's name"),
        (lambda d: d.update(public_key="AAAA"), "key is not a key"),
        (lambda d: d.update(public_key=12), "key is not a key"),
        (lambda d: d.update(fingerprint=["apple"] * 6), "do not belong to the key"),
        (lambda d: d.update(fingerprint="apple"), "are not words"),
        (lambda d: d.update(letterbox="letters"), "full folder path"),
        (lambda d: d.update(contacts={"lead_name": "Sam"}), "local numbers"),
        (lambda d: d.update(contacts={"duty_team_phone": "call me"}), "local number"),
    ],
)
def test_an_enrolment_file_is_read_strictly_with_plain_reasons(
    ready, shared, tmp_path, change, reason
):
    doc = _doc(ready, shared)
    change(doc)
    path = tmp_path / "bad.cse-enrol"
    path.write_text(json.dumps(doc))
    with pytest.raises(errors.EnrolmentInvalid) as refused:
        stations.read_enrolment(path, fingerprint_words)
    assert reason in refused.value.reason
    assert "Traceback" not in str(refused.value)


@pytest.mark.parametrize("content", [b"", b"{", b"[1]", b"\xff\xfe", b" " * (70 * 1024)])
def test_a_file_that_is_not_an_enrolment_is_a_plain_refusal(tmp_path, content):
    path = tmp_path / "x.cse-enrol"
    path.write_bytes(content)
    with pytest.raises(errors.EnrolmentInvalid):
        stations.read_enrolment(path, fingerprint_words)


def test_enrolment_never_turns_the_leads_records_into_a_station(ready, shared):
    with pytest.raises(errors.StationOverRecords):
        stations.enrol(ready.paths, enrolment_for(ready, shared), "Office PC")
    assert not ready.is_station


def test_a_station_name_is_checked(ready, shared, tmp_path):
    with pytest.raises(errors.InvalidInput):
        stations.enrol(station_paths(tmp_path, "x"), enrolment_for(ready, shared), "a\nb")
    with pytest.raises(errors.InvalidInput):
        stations.enrol(station_paths(tmp_path, "y"), enrolment_for(ready, shared), "  ")


def test_a_station_shows_the_organisations_numbers(ready, shared, tmp_path):
    office = make_station(tmp_path, "office", "Office PC", enrolment_for(ready, shared))
    assert Session(office.paths).settings.get("duty_team_phone") == "0300 126 7000"


def test_a_damaged_station_file_is_a_plain_error(ready, shared, tmp_path):
    office = make_station(tmp_path, "office", "Office PC", enrolment_for(ready, shared))
    (office.paths.data / stations.STATION_FILE).write_text('{"format": 1}')
    with pytest.raises(errors.StationDamaged):
        office.seal_concern(concern())


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes; Windows uses folder permissions")
def test_the_shared_folder_is_group_writable_and_sticky(shared):
    mode = shared.stat().st_mode
    assert stat.S_IMODE(mode) == 0o3770
    assert stations.shared_folder_problem(shared) is None
    shared.chmod(0o770)
    assert "delete others'" in stations.shared_folder_problem(shared)


def test_the_suggested_shared_folder_is_for_every_account():
    suggested = stations.suggested_shared_folder({"PUBLIC": r"C:\Users\Public"})
    if os.name == "posix":
        assert str(suggested).startswith("/srv/")
    else:
        assert str(suggested).startswith("C:\\Users\\Public")


def test_a_station_whose_letterbox_is_not_reachable_says_so(ready, tmp_path):
    away = tmp_path / "network-share-not-mounted"
    away.mkdir()
    office = make_station(tmp_path, "office", "Office PC", enrolment_for(ready, away))
    away.rmdir()
    with pytest.raises(errors.LetterboxUnreachable) as refused:
        office.seal_concern(concern())
    assert "cannot be reached" in refused.value.message
    assert not away.exists()  # no private folder made in its place


def test_a_station_file_planted_beside_the_records_is_ignored(ready, shared, tmp_path):
    # Someone at the lead's PC makes a "station" pinned to their own key...
    attacker = nacl.public.PrivateKey.generate()
    enrolment = enrolment_for(ready, shared)._replace(
        public_key=bytes(attacker.public_key),
        fingerprint=list(fingerprint_words(bytes(attacker.public_key))),
    )
    elsewhere = make_station(tmp_path, "attacker", "Office PC", enrolment)
    for name in (stations.STATION_FILE, stations.STATION_KEY_FILE):
        (ready.paths.data / name).write_bytes((elsewhere.paths.data / name).read_bytes())
    # ...but concerns recorded here still go to the lead, sealed to the lead's key.
    path = ready.seal_concern(concern())
    assert path.parent == ready.paths.letterbox and letters_in(shared) == []
    report = ready.unlock(PASSPHRASE)
    assert report.imported == 1
