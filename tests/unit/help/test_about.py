"""What Help › About says, from the files it finds: in a bundle, from the source tree,
and with a file missing (a plain sentence, never an error)."""

from __future__ import annotations

from pathlib import Path

from app import __version__
from app.help.about import (
    about_files,
    licence_text,
    licence_words,
    notices_text,
    source_words,
    version_words,
)

ROOT = Path(__file__).resolve().parents[3]


def test_in_a_bundle_the_files_are_in_its_data_folder(tmp_path):
    (tmp_path / "source").mkdir()
    archive = tmp_path / "source" / f"cse-toolkit-{__version__}-source.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\0" * 18)
    (tmp_path / "LICENSE").write_text("the licence", encoding="utf-8")
    (tmp_path / "notices").mkdir()
    (tmp_path / "notices" / "THIRD-PARTY-NOTICES.txt").write_text("notices", encoding="utf-8")
    files = about_files(str(tmp_path))
    assert files.bundled and files.source == archive
    assert licence_text(files) == "the licence"
    assert notices_text(files) == "notices"
    words = source_words(files)
    assert archive.name in words and str(archive.parent) in words


def test_a_bundle_missing_its_files_says_so_plainly(tmp_path):
    files = about_files(str(tmp_path))
    assert "is missing" in licence_text(files) and "gnu.org/licenses/gpl-3.0" in licence_text(files)
    assert notices_text(files) == f"The notices file is missing from {tmp_path / 'notices'}."
    assert "the licence says they must provide it" in source_words(files)
    for text in (licence_text(files), notices_text(files), source_words(files)):
        assert "Traceback" not in text and "Error" not in text


def test_from_source_the_repository_is_the_source(monkeypatch):
    import sys

    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    files = about_files()
    assert not files.bundled and files.base == ROOT and files.source is None
    assert licence_text(files) == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert source_words(files) == f"You are running the toolkit from its source code, in {ROOT}."
    assert version_words() == f"Version {__version__}"
    assert "GPL-3.0-or-later" in licence_words()
