"""`--self-test --result-file`: the result a script reads where no console shows one.

The Windows exe is windowed (console=False): sys.stdout is None there, so these run the
real self-test in-process with stdout set to None, as on Windows.
"""

from __future__ import annotations

import json
import sys

import app.selftest as selftest
from app import __version__
from app.__main__ import main


def test_passing_self_test_writes_ok_and_every_check(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdout", None)  # a windowed exe has no stdout
    result = tmp_path / "result.json"
    assert main(["--self-test", "--result-file", str(result)]) == 0
    doc = json.loads(result.read_text(encoding="utf-8"))
    assert doc["ok"] is True and doc["version"] == __version__
    assert doc["checks"]["reads back"] is True
    assert doc["checks"]["file is ciphertext"] is True
    assert len(doc["checks"]) == 7 and all(doc["checks"].values())


def test_a_failed_check_is_named_and_not_ok(tmp_path, monkeypatch):
    real = selftest.sqlcipher_facts

    def without_memory_temp_store() -> dict:
        facts = dict(real())
        facts["compile_options"] = [
            o for o in facts["compile_options"] if not o.startswith("TEMP_STORE")
        ]
        return facts

    monkeypatch.setattr(selftest, "sqlcipher_facts", without_memory_temp_store)
    result = tmp_path / "result.json"
    assert main(["--self-test", "--result-file", str(result)]) == 1
    doc = json.loads(result.read_text(encoding="utf-8"))
    assert doc["ok"] is False
    assert doc["checks"]["temp store in memory"] is False
    assert doc["checks"]["reads back"] is True


def test_a_self_test_that_stops_early_is_not_ok(tmp_path, monkeypatch):
    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(selftest.Store, "create", broken)
    result = tmp_path / "result.json"
    assert main(["--self-test", "--result-file", str(result)]) == 1
    doc = json.loads(result.read_text(encoding="utf-8"))
    assert doc["ok"] is False and doc["checks"]["ran to the end"] is False
