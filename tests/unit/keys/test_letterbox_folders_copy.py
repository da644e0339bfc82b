"""The copy of the letterbox folder list kept in the records (review of eb2aa2b): it puts
back a folder dropped from settings.json, but never locks the lead out and never drops a
folder the lead added."""

from __future__ import annotations

import json

from app.intake import stations
from app.keeping.backups import Backups
from tests.conftest import PASSPHRASE


def test_a_folder_planted_at_settings_json_never_locks_the_lead_out(ready, tmp_path):
    shared = tmp_path / "shared"
    stations.make_shared_folder(shared)
    ready.unlock(PASSPHRASE)
    ready.save_settings({"letterbox_folders": [str(shared)]})
    ready.lock()
    ready.paths.settings.unlink()
    ready.paths.settings.mkdir()  # anyone at the PC can do this: the file cannot be written
    fresh = type(ready)(ready.paths, kdf_params=ready._kdf_params)  # the next start
    report = fresh.unlock(PASSPHRASE)
    assert fresh.is_unlocked
    assert report.notices  # said, and the saved list still used for this session
    assert fresh.letterbox_folders()[1:] == [shared]
    fresh.lock()


def test_a_restore_keeps_a_folder_added_after_the_backup(ready, tmp_path):
    first, later = tmp_path / "first", tmp_path / "later"
    stations.make_shared_folder(first)
    stations.make_shared_folder(later)
    ready.unlock(PASSPHRASE)
    ready.save_settings({"letterbox_folders": [str(first)]})
    stick = tmp_path / "stick"
    stick.mkdir()
    made = Backups(ready).back_up(stick)
    ready.save_settings({"letterbox_folders": [str(first), str(later)]})  # a new station

    Backups(ready).restore(Backups(ready).inspect(made.path, PASSPHRASE))
    ready.lock()
    report = ready.unlock(PASSPHRASE)
    kept = json.loads(ready.paths.settings.read_text())["letterbox_folders"]
    assert str(later) in kept and str(first) in kept  # the station's letters still arrive
    assert not any("changed outside" in n for n in report.notices)  # nobody did
