"""`python -m app --self-test`: the smoke test for a source checkout or a packaged build.

Makes a store in a temporary folder, writes, reads and verifies through the real key
path, prints the SQLCipher facts, removes the folder and returns 0 (or 1 and the reason).

`--result-file PATH` also writes {"ok", "version", "checks"} as JSON: the Windows build
has no console (console=False), so its printout goes nowhere and a script reads the file
and the exit code instead (packaging/windows/build.ps1).
"""

from __future__ import annotations

import json
import secrets
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from app import __version__
from app.keys.kdf import FAST_FOR_TESTS
from app.keys.keyring import ACCOUNT, Keyring, Slot
from db.store import PLAIN_SQLITE_HEADER, Store, integrity_problems, sqlcipher_facts


def run(out: TextIO | None = None, result_file: Path | None = None) -> int:
    # Looked up at call time: a windowed Windows exe has sys.stdout None, and print()
    # to None is silent, which is what we want there.
    out = sys.stdout if out is None else out
    checks: dict[str, bool] = {}
    try:
        code = _run(out, checks)
    finally:
        if result_file is not None:
            write_result(result_file, checks)
    return code


def write_result(path: Path, checks: dict[str, bool]) -> None:
    """The result for a script: ok only when every check ran and passed."""
    ok = bool(checks) and all(checks.values())
    doc = {"ok": ok, "version": __version__, "checks": checks}
    path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")


def _run(out: TextIO, checks: dict[str, bool]) -> int:
    facts = sqlcipher_facts()
    print(f"cse-toolkit {__version__}", file=out)
    print(f"SQLCipher {facts['cipher_version']} (SQLite {facts['sqlite_version']})", file=out)
    print("compile options: " + ", ".join(facts["compile_options"]), file=out)
    folder = Path(tempfile.mkdtemp(prefix="cse-selftest-"))
    try:
        marker = "self-test " + secrets.token_hex(8)
        master = bytearray(secrets.token_bytes(32))
        keyring = Keyring(
            secrets.token_bytes(32), [Slot.make(ACCOUNT, marker, master, FAST_FOR_TESTS)]
        )
        keyring.save(folder / "keyring.json")
        with Store.create(folder / "records.db", master) as store, store.transaction():
            store.execute("CREATE TABLE selftest (note TEXT)")
            store.execute("INSERT INTO selftest VALUES (?)", (marker,))
        unwrapped = Keyring.load(folder / "keyring.json").slots[0].unwrap(marker)
        checks.update(
            {
                "key slot unwraps": unwrapped == master,
                "file is ciphertext": not (folder / "records.db")
                .read_bytes()
                .startswith(PLAIN_SQLITE_HEADER),
                "text is not in the file": marker.encode()
                not in (folder / "records.db").read_bytes(),
                "integrity check passes": integrity_problems(folder / "records.db", master) == [],
                "temp store in memory": "TEMP_STORE=2" in facts["compile_options"]
                or "TEMP_STORE=3" in facts["compile_options"],
            }
        )
        with Store.open(folder / "records.db", bytes(unwrapped or b"")) as store:
            checks["reads back"] = store.query_one("SELECT note FROM selftest")[0] == marker
            checks["schema current"] = store.schema_version >= 1
        for name, ok in checks.items():
            print(f"{'ok  ' if ok else 'FAIL'} {name}", file=out)
        if not all(checks.values()):
            print("self-test FAILED", file=out)
            return 1
        print("self-test passed", file=out)
        return 0
    except Exception as exc:  # the smoke test reports, it does not crash
        print(f"self-test FAILED: {type(exc).__name__}", file=out)
        checks["ran to the end"] = False
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
