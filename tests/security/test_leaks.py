"""No name or typed text in any file the app leaves: data, logs, settings, temp, Qt's
own caches and config. Run in a child process whose every folder points into ours."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.paths import resolve
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.session import Session

pytestmark = pytest.mark.slow  # runs the whole app in a child process

ROOT = Path(__file__).parents[2]
CANARY = "CANARYxLeakx9d41"
PASSPHRASE = "lantern kettle orange bicycle"
# The lead's name is not the canary: keyring.json names who can unlock, for the Unlock
# dialog's list (design: "names and roles of leads are not secret"). It must be there
# and nowhere else in clear.
LEAD = "LEADxNamex7c2 Okafor"


def files_containing(root: Path, text: str) -> list[str]:
    needles = (text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be"))
    return [
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and any(n in p.read_bytes() for n in needles)
    ]


def test_setup_record_unlock_lock_quit_leaves_no_plaintext(tmp_path):
    home = tmp_path / "home"
    tmp = tmp_path / "tmp"
    for folder in (home, tmp):
        folder.mkdir()
    env = {
        **os.environ,
        "CSE_TOOLKIT_HOME": str(tmp_path / "data"),
        "TMPDIR": str(tmp),
        "TEMP": str(tmp),
        "TMP": str(tmp),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_RUNTIME_DIR": str(tmp),
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.security.leak_scenario", CANARY, PASSPHRASE, LEAD],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "scenario complete" in result.stdout
    assert CANARY not in result.stdout + result.stderr

    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    names = {p.name for p in written}
    assert {"records.db", "keyring.json", "settings.json", "cse-toolkit.log"} <= names
    log = (tmp_path / "data" / "logs" / "cse-toolkit.log").read_text()
    assert "setup complete" in log and "unhandled error" in log and "locked" in log

    stick = sorted(p.suffix for p in (tmp_path / "stick").iterdir())
    assert stick == [".cse-backup", ".cse-handover"]
    assert not (tmp_path / "data" / "in-use.json").exists()  # removed at lock

    assert files_containing(tmp_path, CANARY) == []
    assert LEAD not in result.stdout + result.stderr
    # keyring.json alone: the backup's copy of it keeps no names (a stick gets lost).
    named = sorted(files_containing(tmp_path, LEAD))
    assert named == ["data/keyring.json"]

    # Control: the name really was stored, inside the encrypted file.
    session = Session(resolve(str(tmp_path / "data")), kdf_params=lambda: FAST_FOR_TESTS)
    session.unlock(PASSPHRASE)
    assert session.organisation().name == CANARY
    from app.intake.letterbox import load_concern

    (concern_id,) = session.require_store().query_one("SELECT id FROM concerns")
    stored = load_concern(session.require_store(), concern_id)
    assert stored.young_person.name == f"{CANARY} Young Person"
    assert CANARY in stored.own_words
    session.lock()
