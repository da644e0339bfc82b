"""On Linux a shared letterbox lets every volunteer account post a letter but not delete
anyone else's (issue 14 item 2): the folder is the lead's, group-writable, sticky.

Real accounts, as far as the kernel is concerned: each person is a child process that
drops to its own throwaway uid (and the shared group) before touching the folder. Needs
root to change uid; skipped otherwise, saying so.
"""

import os
import shutil
import stat
import tempfile
from pathlib import Path

import nacl.public
import pytest

from app.intake import letterbox, stations
from tests.stations import concern

GROUP = 64000  # the volunteers' group
LEAD, ALEX, BEA = 64001, 64002, 64003  # throwaway uids: no such accounts need exist

pytestmark = pytest.mark.skipif(
    os.name != "posix" or os.geteuid() != 0,
    reason="needs root on Linux to act as several accounts (os.setuid in a child)",
)


def as_account(uid: int, job, group: int = GROUP) -> int:
    """Run `job()` in a child process as `uid` in `group`; its exit code (0 done,
    1 refused by the OS, 2 anything else)."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 2
        try:
            os.setgroups([group])
            os.setgid(group)
            os.setuid(uid)
            os.umask(0o022)
            job()
            code = 0
        except PermissionError:
            code = 1
        except BaseException:
            code = 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.fixture
def base():
    # Outside the test's own tmp folder (owner-only, root's): the throwaway accounts
    # must be able to reach it.
    folder = Path(tempfile.mkdtemp(prefix="cse-shared-", dir="/tmp"))
    folder.chmod(0o755)
    os.chown(folder, LEAD, GROUP)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_volunteer_cannot_delete_another_volunteers_letter(base):
    box = base / "letterbox"
    key = nacl.public.PrivateKey.generate()
    public = bytes(key.public_key)
    posted: dict[str, Path] = {}

    assert as_account(LEAD, lambda: stations.make_shared_folder(box, GROUP)) == 0
    info = box.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (LEAD, GROUP, 0o3770)

    # Each volunteer posts a letter; the child cannot hand the path back, so each
    # letter is found by its owner afterwards.
    assert as_account(ALEX, lambda: letterbox.seal(concern("alex"), public, box, "Alex's PC")) == 0
    assert as_account(BEA, lambda: letterbox.seal(concern("bea"), public, box, "Bea's PC")) == 0
    for path in letterbox.pending(box):
        posted["alex" if path.stat().st_uid == ALEX else "bea"] = path
    assert set(posted) == {"alex", "bea"}
    assert posted["alex"].stat().st_gid == GROUP  # the folder's group (setgid), for the lead

    # Bea cannot delete, rename away or overwrite Alex's letter.
    assert as_account(BEA, posted["alex"].unlink) == 1
    assert as_account(BEA, lambda: os.rename(posted["alex"], box / "gone.letter")) == 1
    assert as_account(BEA, lambda: posted["alex"].write_bytes(b"")) == 1
    assert posted["alex"].exists() and posted["alex"].stat().st_size > 0
    # An account outside the group cannot even look, nor post.
    assert as_account(64009, lambda: os.listdir(box), group=64010) == 1
    assert as_account(64009, lambda: (box / "x.letter").write_bytes(b"x"), group=64010) == 1
    # The lead (the folder's owner) reads both and removes both, as an import does.
    box_reader = nacl.public.SealedBox(key)

    def lead_reads_and_clears():
        for path in letterbox.pending(box):
            box_reader.decrypt(path.read_bytes())
            path.unlink()

    assert as_account(LEAD, lead_reads_and_clears) == 0
    assert letterbox.pending(box) == []
