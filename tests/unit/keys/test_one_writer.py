"""One writer: a second copy of the toolkit is refused the store and told who has it open,
by name only once it has proved it can unlock, and no name lands on disk in plain (but in
keyring.json's list of who can unlock)."""

import logging
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.core import errors
from app.core.logs import configure, redacted_traceback
from app.keys import in_use
from app.keys.accounts import Accounts
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parents[3]
DEPUTY = "purple walrus anthem kite"
NAME = "Dee Qxholdername"

HOLDER = textwrap.dedent("""
    import sys
    from app.keys.kdf import FAST_FOR_TESTS
    from app.core.logs import configure
    from app.core.paths import resolve
    from app.keys.session import Session
    paths = resolve(sys.argv[1])
    configure(paths.log_file)
    session = Session(paths, kdf_params=lambda: FAST_FOR_TESTS)
    session.unlock(sys.argv[2])
    print("holding", flush=True)
    sys.stdin.read()  # hold the store until the test closes our input
    session.lock()
""")


@pytest.fixture
def with_deputy(ready):
    ready.unlock(PASSPHRASE)
    Accounts(ready).add("deputy", NAME, DEPUTY, DEPUTY)
    ready.lock()
    return ready


def _hold(paths, passphrase: str) -> subprocess.Popen:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(paths.data), passphrase],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    line = child.stdout.readline()
    assert line.strip() == "holding", child.stderr.read()
    return child


def _release(child: subprocess.Popen) -> None:
    child.stdin.close()
    assert child.wait(timeout=20) == 0, child.stderr.read()


def _files_text(*folders: Path) -> bytes:
    # Not keyring.json: it names who can unlock, for the Unlock dialog's list (names and
    # roles of leads are not secret); what a second copy writes is what is checked here.
    return b"".join(
        p.read_bytes()
        for f in folders
        for p in f.rglob("*")
        if p.is_file() and p.name != "keyring.json"
    )


def test_a_second_copy_is_told_who_has_the_records(with_deputy, tmp_path):
    paths = with_deputy.paths
    child = _hold(paths, DEPUTY)
    try:
        assert in_use.path_for(paths).exists()
        log_file = tmp_path / "second-copy.log"
        configure(log_file)
        with pytest.raises(errors.StoreInUseBy) as caught:
            with_deputy.unlock(PASSPHRASE)
        shown = caught.value
        assert shown.holder_name == NAME and shown.holder_role == "deputy lead"
        assert NAME in shown.on_screen and "deputy lead" in shown.on_screen
        assert "since" in shown.on_screen
        # What may be logged carries no name: the message, str(), a redacted traceback.
        for text in (
            shown.message,
            shown.next_step,
            str(shown),
            redacted_traceback(type(shown), shown, shown.__traceback__),
        ):
            assert "Qxholdername" not in text
        assert not with_deputy.is_unlocked
        # Nobody without the key learns the name: a wrong passphrase is just wrong.
        with pytest.raises(errors.WrongPassphrase) as wrong:
            with_deputy.unlock("not a passphrase here")
        assert "Qxholdername" not in str(vars(wrong.value))
        # The refused copy leaves the holder's note alone, even when it "locks".
        with_deputy.lock()
        assert in_use.path_for(paths).exists()
        logging.getLogger("test").info("flush")
        for handler in logging.getLogger().handlers:
            handler.flush()
        on_disk = _files_text(paths.data, paths.logs, tmp_path)
        assert b"Qxholdername" not in on_disk
        assert b"Dee" not in in_use.path_for(paths).read_bytes()
    finally:
        _release(child)
        logging.getLogger().handlers.clear()
    assert not in_use.path_for(paths).exists()  # removed at lock
    assert with_deputy.unlock(PASSPHRASE).role == "lead"
    assert in_use.path_for(paths).exists()
    with_deputy.lock()
    assert not in_use.path_for(paths).exists()


def test_without_a_readable_note_the_message_is_the_plain_one(with_deputy):
    paths = with_deputy.paths
    child = _hold(paths, DEPUTY)
    try:
        in_use.path_for(paths).write_text("{not json")
        with pytest.raises(errors.StoreInUse) as caught:
            with_deputy.unlock(PASSPHRASE)
        assert type(caught.value) is errors.StoreInUse
        assert "another copy" in caught.value.message
    finally:
        _release(child)


def test_the_note_opens_only_with_the_master_key(with_deputy):
    with_deputy.unlock(DEPUTY)
    key = bytes(with_deputy.require_key())
    holder = in_use.read(with_deputy.paths, key)
    assert holder is not None and holder.name == NAME and holder.role == "deputy lead"
    assert in_use.read(with_deputy.paths, bytes(32)) is None
    with_deputy.lock()


def test_a_note_left_by_a_crash_is_written_over(with_deputy):
    paths = with_deputy.paths
    child = _hold(paths, DEPUTY)
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=20)
    assert in_use.path_for(paths).exists()  # left behind
    report = with_deputy.unlock(PASSPHRASE)  # the OS lock died with the process
    assert report.role == "lead"
    holder = in_use.read(paths, with_deputy.require_key())
    assert holder is not None and holder.role == "designated lead"
    with_deputy.lock()
    assert not in_use.path_for(paths).exists()
