"""Kill during write: a lead's app killed (SIGKILL) at random moments while it saves.

A child process (tests/security/kill_writer_child.py) unlocks the real store with the
passphrase and saves concerns through `Session.save_concern_direct` in a loop, printing
each reference and digest only after the save returned. We kill it at random moments,
some while it starts and unlocks, most part-way through the loop, at least 50 times
over one store that keeps growing. After every kill the store must open, pass both
integrity checks, hold every concern whose save had returned (whole, with its search
entry and its audit line) and keep an audit chain that checks out.

A failure names its seed: KILL_WRITER_SEED=<seed> replays the same kill moments.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from app.intake.concern.codec import to_dict
from app.intake.letterbox import load_concern
from app.keys import audit
from app.keys.keyring import ACCOUNT, Keyring
from db.store import Store, file_problems
from tests.conftest import PASSPHRASE
from tests.security.kill_writer_child import PASSPHRASE_VARIABLE, digest

pytestmark = pytest.mark.slow  # kills a writer 60 times

ROOT = Path(__file__).parents[2]
KILLS = 60
SEED_VARIABLE = "KILL_WRITER_SEED"
# Share of kills aimed at start-up and unlock rather than the loop of saves.
EARLY_SHARE = 0.2
# Earlier concerns loaded in full after each kill (all of them are loaded at the end).
SAMPLE = 15
# SQLite's rollback journal header; in exclusive mode a finished journal is zeroed, not
# deleted, so only a live header means a transaction was cut off.
JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


class Child:
    """One run of the writer, its lines read as they come."""

    def __init__(self, data: Path, seed: int, errors: Path) -> None:
        self.lines: list[str] = []
        self.unlocked = threading.Event()
        self._stderr = errors.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.security.kill_writer_child", str(data), str(seed)],
            cwd=ROOT,
            env={**os.environ, PASSPHRASE_VARIABLE: PASSPHRASE},
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            encoding="utf-8",
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            # A line cut off by the kill has no newline: it was never reported.
            if not line.endswith("\n"):
                break
            if line == "unlocked\n":
                self.unlocked.set()
            self.lines.append(line)

    def kill(self) -> int:
        # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up code runs.
        self.proc.kill()
        code = self.proc.wait(timeout=10)
        self._reader.join(timeout=10)
        self._stderr.close()
        return code

    def saves(self) -> dict[str, str]:
        found = {}
        for line in self.lines:
            if line.startswith("saved "):
                _, reference, digest_text = line.split()
                found[reference] = digest_text
        return found


def _journal_is_hot(store_path: Path) -> bool:
    journal = store_path.with_name(store_path.name + "-journal")
    try:
        with journal.open("rb") as fh:
            return fh.read(8) == JOURNAL_MAGIC
    except FileNotFoundError:
        return False


def master_key(keyring: Path) -> bytes:
    (slot,) = Keyring.load(keyring).slots_of(ACCOUNT)
    key = slot.unwrap(PASSPHRASE)
    assert key is not None
    return bytes(key)


def whole(store: Store, reference: str) -> str:
    """The digest of the concern as it now reads back from the store."""
    return digest(to_dict(load_concern(store, reference)))


def check_after_kill(
    store_path: Path,
    key: bytes,
    returned: dict[str, str],
    fresh: set[str],
    rng: random.Random,
    say: str,
) -> dict[str, str]:
    """Everything a lead relies on after the crash; the concerns the store now holds."""
    # A fresh connection first: it rolls back any hot journal the kill left, then both
    # checks (page HMACs and SQLite's structure check) on the file as the crash left it.
    assert file_problems(store_path, key) == [], say
    store = Store.open(store_path, key)  # runs cipher_integrity_check itself
    try:
        assert store.check() == [], say
        held = {
            str(r[0]): str(r[1]) for r in store.query_all("SELECT id, content_digest FROM concerns")
        }
        missing = sorted(set(returned) - set(held))
        assert not missing, f"{say}: saves that returned are missing: {missing[:5]}"
        # The digest stored with each row is the digest of what the child saved.
        changed = sorted(ref for ref, d in returned.items() if held[ref] != d)
        assert not changed, f"{say}: stored digests differ: {changed[:5]}"
        # Loaded in full: this round's saves, any save in flight at the kill, and a
        # sample of earlier ones.
        in_flight = set(held) - set(returned)
        earlier = sorted(set(returned) - fresh)
        for ref in sorted(fresh | in_flight) + rng.sample(earlier, min(SAMPLE, len(earlier))):
            assert whole(store, ref) == held[ref], f"{say}: {ref} does not read back whole"
        searchable = {str(r[0]) for r in store.query_all("SELECT concern_id FROM concern_search")}
        assert set(held) <= searchable, f"{say}: saved concerns missing from search"
        # The audit line commits with the concern: every concern held has exactly one,
        # the save in flight at the kill included.
        logged = [
            str(r[0])
            for r in store.query_all(
                "SELECT subject FROM audit_log WHERE event = ? AND detail = ?",
                (audit.CHANGE, '{"what":"concern-added"}'),
            )
        ]
        unlogged = sorted(set(held) - set(logged))
        assert not unlogged, f"{say}: saved concerns with no audit line: {unlogged[:5]}"
        assert len(logged) == len(set(logged)) == len(held), f"{say}: audit lines != saves"
        report = audit.verify(store)
        assert report.ok, f"{say}: audit chain: {report.problems[:3]}"
    finally:
        store.close()
    return held


def test_killed_writer_never_loses_or_damages_a_save_that_returned(ready, tmp_path):
    seed = int(os.environ.get(SEED_VARIABLE) or random.SystemRandom().randrange(2**32))
    rng = random.Random(seed)  # the kill plan: the same seed, the same moments
    sampler = random.Random(seed + 1)  # apart, as how much it draws depends on timing
    paths = ready.paths
    key = master_key(paths.keyring)
    returned: dict[str, str] = {}
    early = in_loop = 0
    in_flight_total = hot = before_unlock = 0
    started = time.monotonic()
    print(f"{SEED_VARIABLE}={seed}")  # pytest shows this on failure: replay with it
    for round_no in range(KILLS):
        say = f"{SEED_VARIABLE}={seed} kill {round_no + 1}"
        child = Child(paths.data, rng.randrange(2**32), tmp_path / "child-stderr.txt")
        if rng.random() < EARLY_SHARE:
            # Start-up, the unlock and its writes (unlock log, audit check and line).
            time.sleep(rng.uniform(0.0, 0.3))
            early += 1
        else:
            assert child.unlocked.wait(timeout=30), f"{say}: child never unlocked"
            time.sleep(rng.uniform(0.0, 0.15))
            in_loop += 1
        code = child.kill()
        before_unlock += not child.unlocked.is_set()
        # A journal with a live header: the kill landed inside a commit.
        hot += _journal_is_hot(paths.store)
        stderr = (tmp_path / "child-stderr.txt").read_text(errors="replace")
        killed = -signal.SIGKILL if os.name == "posix" else 1
        assert code == killed, f"{say}: child ended by itself ({code}): {stderr[-2000:]}"
        fresh = child.saves()
        assert not set(fresh) & set(returned), f"{say}: a reference was used twice"
        returned.update(fresh)
        try:
            held = check_after_kill(paths.store, key, returned, set(fresh), sampler, say)
        except AssertionError:
            raise
        except Exception as exc:  # a store that will not open, say: name the seed too
            raise AssertionError(f"{say}: {type(exc).__name__}: {exc}") from exc
        in_flight_total = len(held) - len(returned)
        # Each kill can leave at most one save that committed but never returned.
        assert 0 <= in_flight_total <= round_no + 1, say

    # The end: every concern read back in full, then the app's own unlock and audit check.
    store = Store.open(paths.store, key)
    try:
        for ref, expected in returned.items():
            assert whole(store, ref) == expected, f"{SEED_VARIABLE}={seed}: {ref} not whole"
    finally:
        store.close()
    report = ready.unlock(PASSPHRASE)
    assert report.role == "lead"
    assert ready.audit_report is not None and ready.audit_report.ok
    assert ready.require_store().query_one("SELECT count(*) FROM concerns")[0] >= len(returned)
    ready.lock()

    took = time.monotonic() - started
    print(
        f"\nkill during write: seed {seed}, {KILLS} kills ({early} aimed at start-up, "
        f"{before_unlock} landing before the unlock finished, {in_loop} mid-loop, {hot} "
        f"inside a commit), {len(returned)} saves returned, "
        f"{in_flight_total} committed but unreported, {took:.1f} s"
    )
    assert early + in_loop >= 50
    assert len(returned) > KILLS, "too few saves: the kills did not land mid-loop"
    # About a quarter of kills land inside a commit; none at all means the test
    # stopped testing what it is for.
    assert hot >= 1, "no kill landed inside a commit"
