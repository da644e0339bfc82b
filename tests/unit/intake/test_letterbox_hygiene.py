"""Letters are data (design.md, "Stations"; issue 14 items 2 and 3): the letterbox may be
a shared, synced or network folder anyone can write to.

Real store, real PyNaCl, real files: links, FIFOs and folders named like letters; a
letter arriving in two halves; a sync service's temporary files; copies of one letter.
"""

import json
import logging
import os
import shutil
import stat
import sys
import threading

import nacl.public
import pytest

from app.intake import letterbox
from app.intake.concern import codec
from app.screening.rules import screen_concern
from db import concerns as queries
from tests.conftest import PASSPHRASE
from tests.letters import letters_in
from tests.stations import concern, make_old, private_key, public_key


def _now() -> str:
    return "2026-01-01T00:00:00+00:00"


def _count(store) -> int:
    return store.query_one("SELECT count(*) FROM concerns")[0]


def test_a_letter_is_written_whole_under_a_temporary_name(ready, monkeypatch):
    renames = []
    real_replace = os.replace

    def watch(src, dst):
        renames.append((os.path.basename(src), os.path.basename(dst)))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", watch)
    path = ready.seal_concern(concern())
    # Written under a name the import never reads, then renamed when complete.
    [(temp, final)] = renames
    assert final == path.name and temp != final and letterbox.is_sync_temp(temp)
    assert [p.name for p in ready.paths.letterbox.iterdir()] == [path.name]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_letter_in_a_group_folder_is_readable_by_the_group(ready, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o3770)
    path = letterbox.seal(concern(), public_key(ready), shared, "Office PC")
    # The lead's account reads it through the group; still sealed, so nobody else can.
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks and FIFOs as on Linux")
def test_links_fifos_and_folders_named_like_letters_are_left_and_reported(ready, tmp_path, caplog):
    caplog.set_level(logging.INFO)
    box = ready.paths.letterbox
    real = ready.seal_concern(concern("real"))
    # A letter outside the letterbox, reached through a link: never followed.
    outside = tmp_path / "outside"
    outside.mkdir()
    elsewhere = letterbox.seal(concern("elsewhere"), public_key(ready), outside)
    (box / "20200101T000000000000Z-link.letter").symlink_to(elsewhere)
    (box / "20200101T000000000001Z-dangling.letter").symlink_to(tmp_path / "nothing")
    os.mkfifo(box / "20200101T000000000002Z-fifo.letter")
    (box / "20200101T000000000003Z-folder.letter").mkdir()

    done = threading.Event()
    result = {}

    def unlock():
        result["report"] = ready.unlock(PASSPHRASE)
        done.set()

    worker = threading.Thread(target=unlock, daemon=True)
    worker.start()
    # A FIFO opened for reading would wait for a writer for ever.
    assert done.wait(30), "the import blocked on the FIFO"
    report = result["report"]

    assert (report.imported, report.quarantined, report.not_letters) == (1, 0, 4)
    assert not real.exists()
    assert elsewhere.exists()  # the link's target is untouched, and not imported
    assert _count(ready.require_store()) == 1
    left = sorted(p.name for p in box.iterdir())
    assert left == [
        "20200101T000000000000Z-link.letter",
        "20200101T000000000001Z-dangling.letter",
        "20200101T000000000002Z-fifo.letter",
        "20200101T000000000003Z-folder.letter",
    ]
    assert "4 things that are not letters left alone" in caplog.text
    assert "link" not in caplog.text and "fifo" not in caplog.text  # names are not logged
    # The lead's audit log has it too.
    from app.keys import audit

    [line] = ready.audit_events(event=audit.IMPORT)
    assert line.detail["not_letters"] == 4


def test_a_name_with_a_line_break_does_not_inject_a_log_line(ready, caplog):
    caplog.set_level(logging.INFO)
    ready.paths.letterbox.mkdir(exist_ok=True)
    name = "20200101T000000000000Z-x\n2026-01-01 00:00:00 INFO forged: all is well.letter"
    planted = ready.paths.letterbox / name
    planted.write_bytes(b"not a letter at all")
    make_old(planted)
    report = ready.unlock(PASSPHRASE)
    assert report.quarantined == 1
    assert (ready.paths.letterbox / "quarantine" / name).exists()
    assert "forged" not in caplog.text
    for record in caplog.records:
        assert "\n" not in record.getMessage()
    assert letterbox.name_tag(name) in caplog.text  # still traceable to the file


def test_a_letter_arriving_in_two_halves_is_left_then_imported(ready):
    sealed = letterbox.seal(concern("halves"), public_key(ready), ready.paths.letterbox)
    whole = sealed.read_bytes()
    sealed.write_bytes(whole[: len(whole) // 2])  # a sync service part-way through

    first = ready.unlock(PASSPHRASE)
    assert (first.imported, first.quarantined) == (0, 0)
    assert sealed.exists() and not (ready.paths.letterbox / "quarantine").exists()
    ready.lock()

    sealed.write_bytes(whole)  # the rest arrives
    second = ready.unlock(PASSPHRASE)
    assert (second.imported, second.quarantined) == (1, 0)
    assert not sealed.exists()


def test_an_old_letter_that_does_not_open_is_set_aside_as_before(ready):
    sealed = letterbox.seal(concern(), public_key(ready), ready.paths.letterbox)
    sealed.write_bytes(sealed.read_bytes()[:100])
    make_old(sealed)
    report = ready.unlock(PASSPHRASE)
    assert (report.imported, report.quarantined) == (0, 1)
    assert (ready.paths.letterbox / "quarantine" / sealed.name).exists()


@pytest.mark.parametrize(
    "name",
    [
        ".syncthing.20250101T000000000000Z-0123456789abcdef.letter.tmp",  # Syncthing
        "~$20250101T000000000000Z-0123456789abcdef.letter",  # OneDrive / Office
        ".~20250101T000000000000Z-0123456789abcdef.letter",  # Nextcloud, LibreOffice
        "20250101T000000000000Z-0123456789abcdef.letter.partial",  # Google Drive, browsers
        ".20250101T000000000000Z-0123456789abcdef.letter.a1b2c3.tmp",  # ours
        "20250101T000000000000Z-0123456789abcdef.letter.part",
    ],
)
def test_a_sync_services_temporary_file_is_ignored(ready, name):
    sealed = letterbox.seal(concern(), public_key(ready), ready.paths.letterbox)
    temp = ready.paths.letterbox / name
    sealed.rename(temp)
    make_old(temp)
    report = ready.unlock(PASSPHRASE)
    assert (report.imported, report.quarantined, report.not_letters) == (0, 0, 0)
    assert temp.exists()
    assert not (ready.paths.letterbox / "quarantine").exists()


def test_the_same_letter_twice_is_imported_once(ready, tmp_path):
    first, second = tmp_path / "box-a", tmp_path / "box-b"
    second.mkdir()
    letter = letterbox.seal(concern("twice"), public_key(ready), first)
    kept = letter.read_bytes()
    shutil.copy2(letter, second / letter.name)  # the same letter in a second folder
    # ...and a sync service's conflict copy beside it.
    shutil.copy2(letter, first / (letter.stem + ".sync-conflict-20260101-ABC.letter"))

    key = private_key(ready)
    store = ready.require_store()
    report = letterbox.import_letters(store, key, [first, second], _now(), screen=screen_concern)
    assert (report.imported, report.quarantined, report.duplicates) == (1, 0, 2)
    assert _count(store) == 1
    assert letters_in(first) == [] and letters_in(second) == []

    # Met again later (restored from a sync service's bin): still once, and removed.
    (second / letter.name).write_bytes(kept)
    report = letterbox.import_letters(store, key, [first, second], _now(), screen=screen_concern)
    assert (report.imported, report.quarantined, report.duplicates) == (0, 0, 1)
    assert _count(store) == 1 and letters_in(second) == []


def test_a_copy_whose_id_was_used_for_another_concern_is_set_aside(ready):
    key = public_key(ready)
    box = ready.paths.letterbox
    box.mkdir(exist_ok=True)
    one, other = concern("one"), concern("other")
    sealer = nacl.public.SealedBox(nacl.public.PublicKey(key))
    names = ("20250101T000000000000Z-a.letter", "20250101T000000000001Z-b.letter")
    for item, name in zip((one, other), names, strict=True):
        plain = letterbox.envelope(item, "", letter_id="ab" * 16)  # one id, two concerns
        (box / name).write_bytes(bytes(sealer.encrypt(plain)))
        make_old(box / name)
    report = ready.unlock(PASSPHRASE)
    # Never merged, never dropped: the second is kept for a person to look at.
    assert (report.imported, report.quarantined) == (1, 1)
    assert queries.content_digest(ready.require_store(), other.id) is None


def test_letters_sealed_before_ids_existed_still_import_once(ready):
    box = ready.paths.letterbox
    box.mkdir(exist_ok=True)
    item = concern("v1")
    doc = {"format": "cse-toolkit-letter", "version": 1, "concern": codec.to_dict(item)}
    sealed = nacl.public.SealedBox(nacl.public.PublicKey(public_key(ready))).encrypt(
        json.dumps(doc).encode()
    )
    (box / "20250101T000000000000Z-v1.letter").write_bytes(bytes(sealed))
    (box / "20250101T000000000001Z-v1copy.letter").write_bytes(bytes(sealed))
    report = ready.unlock(PASSPHRASE)
    assert (report.imported, report.quarantined) == (1, 0)
    assert letters_in(box) == []


def test_a_store_fault_part_way_through_one_letter_undoes_that_letter_only(ready, monkeypatch):
    """Letters are committed in batches, each in a savepoint of its own: a fault after
    a letter's first rows are written undoes that letter alone, which stays in the
    letterbox for next time, while the rest of the batch is committed and removed."""
    private = private_key(ready)  # unlocks (and takes in what was waiting: nothing)
    key = public_key(ready)
    box = ready.paths.letterbox
    box.mkdir(exist_ok=True)
    made = [concern(f"batch{n}") for n in range(5)]
    for one in made:
        letterbox.seal(one, key, box)
    unlucky = made[2].id
    real_index = letterbox.search_index.index_concern

    def index_or_fail(store, concern_id, text):
        if concern_id == unlucky:  # after insert_concern has written its rows
            raise OSError("disk trouble")
        return real_index(store, concern_id, text)

    monkeypatch.setattr(letterbox.search_index, "index_concern", index_or_fail)
    store = ready.require_store()
    report = letterbox.import_letters(store, private, box, _now(), screen=screen_concern)
    assert (report.imported, report.left) == (4, 1)
    assert _count(store) == 4
    assert queries.content_digest(store, unlucky) is None  # not half there
    assert len(letters_in(box)) == 1  # the unlucky letter waits for next time

    monkeypatch.setattr(letterbox.search_index, "index_concern", real_index)
    report = letterbox.import_letters(store, private, box, _now(), screen=screen_concern)
    assert (report.imported, report.left) == (1, 0) and _count(store) == 5
    assert letters_in(box) == []
