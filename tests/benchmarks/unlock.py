"""Budget: unlock, the time beyond the Argon2id derivation ≤ 100 ms with 10,000 stored
rows of 1 KB; with three accounts, one derivation per try (the Unlock dialog asks who is
unlocking), right passphrase or wrong; and the key file check (app/keys/pinning.py: read
keyring.json with its file facts, digest it, compare with the pin in the store) ≤ 5 ms.
That check is timed whole, including the read of keyring.json that unlock made before
pinning existed.

The key slots use FAST_FOR_TESTS so the derivation is tiny; the same derivation is timed
on its own with the slot's own parameters and taken off. Also reported, as information:
how much of Store.open is the full-file integrity check, and how long one derivation
takes with the parameters calibrate() picks on this PC (it aims at about 0.5 s).
"""

from __future__ import annotations

import base64
import contextlib
import os
import tempfile
import time
from pathlib import Path

from app.core import errors
from app.keys import pinning
from app.keys.kdf import SALT_BYTES, calibrate, derive
from app.keys.keyring import ACCOUNT, Keyring
from db.store import Store
from tests.benchmarks.fixtures import PASSPHRASE, set_up_store
from tests.benchmarks.results import Result, median_ms, ratio

ROWS = 10_000
ROW_CHARS = 1_000
UNLOCK_RUNS = 21
DERIVE_RUNS = 31
OPEN_RUNS = 11
BUDGET_MS = 100.0
PIN_CHECK_RUNS = 201
PIN_CHECK_BUDGET_MS = 5.0
TARGET_DERIVE_MS = 500.0


def _fill(session) -> None:
    store = session.require_store()
    with store.transaction():
        store.execute("CREATE TABLE bench_filler (body TEXT)")
    with store.transaction():
        for _ in range(ROWS):
            # 750 random bytes → 1,000 base64 characters: nothing for the pager to share.
            body = base64.b64encode(os.urandom(ROW_CHARS * 3 // 4)).decode("ascii")
            store.execute("INSERT INTO bench_filler (body) VALUES (?)", (body,))


def _count_rows(session) -> int:
    session.unlock(PASSPHRASE)
    try:
        return int(session.require_store().query_one("SELECT count(*) FROM bench_filler")[0])
    finally:
        session.lock()


def _unlock_results() -> list[Result]:
    with tempfile.TemporaryDirectory(prefix="cse-bench-unlock-") as tmp:
        paths, session = set_up_store(Path(tmp) / "data")
        _fill(session)
        session.lock()
        if (found := _count_rows(session)) != ROWS:
            raise RuntimeError(f"expected {ROWS} filler rows, found {found}")
        store_mb = paths.store.stat().st_size / 1_000_000

        slot = Keyring.load(paths.keyring).slots_of(ACCOUNT)[0]
        derive_ms = median_ms(lambda: derive(PASSPHRASE, slot.salt, slot.params), DERIVE_RUNS)
        unlock_ms = median_ms(lambda: session.unlock(PASSPHRASE), UNLOCK_RUNS, after=session.lock)

        # Where the time goes: the same open with and without the integrity check.
        master = slot.unwrap(PASSPHRASE)
        if master is None:
            raise RuntimeError("the benchmark passphrase did not open its own slot")

        def open_close(check: bool) -> None:
            Store.open(paths.store, master, check_integrity=check, backup_dir=paths.backups).close()

        open_checked_ms = median_ms(lambda: open_close(True), OPEN_RUNS)
        open_unchecked_ms = median_ms(lambda: open_close(False), OPEN_RUNS)

        store = Store.open(paths.store, master, check_integrity=False, backup_dir=paths.backups)
        try:

            def check_key_file() -> None:
                if pinning.check(store, pinning.read(paths.keyring)).changed:
                    raise RuntimeError("the benchmark's own key file reads as changed")

            pin_check_ms = median_ms(check_key_file, PIN_CHECK_RUNS)
            load_only_ms = median_ms(lambda: Keyring.load(paths.keyring), PIN_CHECK_RUNS)
        finally:
            store.close()

    beyond_ms = unlock_ms - derive_ms
    return [
        Result(
            f"unlock beyond Argon2id ({ROWS:,} × 1 KB rows, {store_mb:.0f} MB)",
            beyond_ms,
            "ms",
            None,
            None,
            f"≤ {BUDGET_MS:.0f} ms",
            beyond_ms <= BUDGET_MS,
        ),
        Result(
            "  unlock total vs derivation alone (test params)",
            unlock_ms,
            "ms",
            derive_ms,
            ratio(unlock_ms, derive_ms),
            "",
            None,
        ),
        Result(
            "key file check at unlock (read, digest, compare with the pin)",
            pin_check_ms,
            "ms",
            load_only_ms,
            ratio(pin_check_ms, load_only_ms),
            f"≤ {PIN_CHECK_BUDGET_MS:.0f} ms",
            pin_check_ms <= PIN_CHECK_BUDGET_MS,
        ),
        Result(
            "  Store.open with vs without integrity check",
            open_checked_ms,
            "ms",
            open_unchecked_ms,
            ratio(open_checked_ms, open_unchecked_ms),
            "",
            None,
        ),
    ]


THREE_ACCOUNTS = (
    ("deputy", "Dee Deputy", "purple walrus anthem kite"),
    ("trustee", "Tom Trust", "silver harbour engine bell"),
)


def _derivations_per_try() -> list[Result]:
    """Count real Argon2id derivations (the function wrapped, not replaced) for a try as
    the last of three accounts, right and wrong, as the Unlock dialog makes it."""
    import app.keys.keyring as keyring_module
    from app.keys.accounts import Accounts

    real = keyring_module.derive
    calls: list[int] = []

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    with tempfile.TemporaryDirectory(prefix="cse-bench-unlock3-") as tmp:
        _paths, session = set_up_store(Path(tmp) / "data")
        for role, name, secret in THREE_ACCOUNTS:
            Accounts(session).add(role, name, secret, secret)
        session.lock()
        last = session.unlock_choices()[-1]
        secret = THREE_ACCOUNTS[-1][2]
        keyring_module.derive = counted
        try:
            session.unlock(secret, slot_id=last.slot_id)
            right = len(calls)
            session.lock()
            calls.clear()
            with contextlib.suppress(errors.WrongPassphrase):
                session.unlock("not the passphrase", slot_id=last.slot_id)
            wrong = len(calls)
            session.throttle.clear()
            one_ms = median_ms(
                lambda: session.unlock(PASSPHRASE, slot_id=session.unlock_choices()[0].slot_id),
                UNLOCK_RUNS,
                after=session.lock,
            )
            last_ms = median_ms(
                lambda: session.unlock(secret, slot_id=last.slot_id),
                UNLOCK_RUNS,
                after=session.lock,
            )
        finally:
            keyring_module.derive = real
    return [
        Result(
            f"unlock with three accounts, as the last: derivations (right, wrong {wrong})",
            right,
            "",
            None,
            None,
            "= 1 each",
            right == 1 and wrong == 1,
        ),
        Result(
            "  unlock as the last of three vs the first (test params)",
            last_ms,
            "ms",
            one_ms,
            ratio(last_ms, one_ms),
            "",
            None,
        ),
    ]


def _calibrated_result() -> Result:
    params = calibrate()
    salt = os.urandom(SALT_BYTES)
    start = time.perf_counter()
    derive(PASSPHRASE, salt, params)
    elapsed_ms = (time.perf_counter() - start) * 1000
    return Result(
        f"Argon2id, calibrated (ops {params.opslimit}, {params.memlimit >> 20} MiB)",
        elapsed_ms,
        "ms",
        TARGET_DERIVE_MS,
        ratio(elapsed_ms, TARGET_DERIVE_MS),
        f"≈ {TARGET_DERIVE_MS:.0f} ms target",
        None,
    )


def run() -> list[Result]:
    return [*_unlock_results(), *_derivations_per_try(), _calibrated_result()]
