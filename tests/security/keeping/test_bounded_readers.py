"""Bounded readers (issue 14, item 5): backup and handover files from a stick may be
anything. Random, truncated, bit-flipped and bomb-like files are fed to the real readers
(`read_manifest`, `Backups.inspect`, `handover.open_file`); memory stays bounded
(tracemalloc's peak under a cap, whatever the file claims) and every refusal is one of
our typed errors with a plain message.

The measured case: a 298 KiB backup whose manifest inflates to 300 MiB made the reader
allocate about 300 MiB. The letter reader is not a ZIP (one sealed box, size-capped
before it is read), so it is not in scope here."""

from __future__ import annotations

import functools
import io
import json
import os
import struct
import tracemalloc
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core import errors
from app.intake.concern.model import Concern, YoungPerson
from app.intake.concern.reference import new_reference
from app.keeping import backups as backups_module
from app.keeping import handover, handover_format
from app.keeping.backups import Backups, read_manifest
from app.keys.kdf import FAST_FOR_TESTS
from tests.conftest import PASSPHRASE

pytestmark = pytest.mark.slow  # builds 300 MiB bombs and fuzzes: about ten seconds

MIB = 1024 * 1024
BOMB = 300 * MIB
# Far below any bomb here, far above what reading a real (small) backup needs.
MEMORY_CAP = 24 * MIB
HANDOVER_CODE = handover_format.new_passphrase()

FUZZ = settings(
    max_examples=int(os.environ.get("BOUNDED_READER_EXAMPLES", "40")),  # more for a long run
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# -- files ---------------------------------------------------------------------------------
@functools.cache
def _bomb_zip(member: str, size: int = BOMB) -> bytes:
    """A ZIP with our three member names, one of them `size` bytes of zeros, deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name in ("manifest.json", "keyring.json", "records.db"):
            if name != member:
                z.writestr(name, b"{}")
                continue
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w", force_zip64=True) as fh:
                zeros = bytes(MIB)
                for _ in range(size // MIB):
                    fh.write(zeros)
    return out.getvalue()


@functools.cache
def _many_entries_zip(count: int = 50_000) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("manifest.json", b"{}")
        for n in range(count):
            z.writestr(f"{n}", b"")
    return out.getvalue()


def _nested_json_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("manifest.json", b"[" * 60_000)
        z.writestr("keyring.json", b"{}")
        z.writestr("records.db", b"")
    return out.getvalue()


def _lie_about_sizes(data: bytes, entry: int, size: int) -> bytes:
    """Change what the central directory and local header say one member's size is."""
    raw = bytearray(data)
    central = [i for i in range(len(raw)) if raw[i : i + 4] == b"PK\x01\x02"]
    if not central:
        return bytes(raw)
    at = central[entry % len(central)]
    struct.pack_into("<L", raw, at + 24, size & 0xFFFFFFFF)
    local = struct.unpack_from("<L", raw, at + 42)[0]
    if raw[local : local + 4] == b"PK\x03\x04":
        struct.pack_into("<L", raw, local + 22, size & 0xFFFFFFFF)
    return bytes(raw)


def _handover_bomb(size: int = BOMB) -> bytes:
    """A well-made handover file (right passphrase) whose payload inflates to `size`."""
    deflate = zlib.compressobj(9)
    zeros = bytes(MIB)
    packed = b"".join(deflate.compress(zeros) for _ in range(size // MIB)) + deflate.flush()
    plain = struct.pack(">Q", len(packed)) + packed
    header, sealed = handover_format.seal(plain, HANDOVER_CODE, FAST_FOR_TESTS)
    return header + sealed


@pytest.fixture
def real_backup(ready, tmp_path) -> bytes:
    ready.unlock(PASSPHRASE)
    for n in range(3):
        ready.save_concern_direct(
            Concern(
                id=new_reference(),
                checklist_version=1,
                created_at=datetime(2026, 1, 10, tzinfo=UTC),
                young_person=YoungPerson(name=f"Young person {n}"),
                own_words="words " * 50,
            )
        )
    stick = tmp_path / "stick"
    stick.mkdir()
    return Backups(ready).back_up(stick).path.read_bytes()


@pytest.fixture
def real_handover(ready, tmp_path, real_backup) -> bytes:
    # real_backup has left the session unlocked with three concerns in it.
    service = handover.Handover(ready, kdf_params=lambda: FAST_FOR_TESTS)
    path = tmp_path / "out.cse-handover"
    outgoing = service.gather()
    handover.write(outgoing, path, HANDOVER_CODE, FAST_FOR_TESTS)
    return path.read_bytes()


# -- the check -----------------------------------------------------------------------------
def _bounded(read, data: bytes, path: Path) -> None:
    """Run one reader on `data`: memory under the cap, and any refusal typed and plain."""
    path.write_bytes(data)
    tracemalloc.start()
    try:
        read(path)
    except errors.AppError as exc:
        assert type(exc).__module__ == "app.core.errors", type(exc)
        text = f"{exc.title} {exc.message} {exc.next_step}"
        assert exc.message and "Traceback" not in text and "Error" not in text, text
    finally:
        _now, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < MEMORY_CAP, f"peak {peak / MIB:.1f} MiB"


def _backup_readers(session):
    def manifest(path: Path) -> None:
        read_manifest(path)

    def inspect(path: Path) -> None:
        Backups(session).inspect(path, PASSPHRASE).discard()

    return manifest, inspect


def _variants(real: bytes):
    bombs = st.sampled_from(
        [
            _bomb_zip("manifest.json"),
            _bomb_zip("keyring.json"),
            _bomb_zip("records.db"),
            _many_entries_zip(),
            _nested_json_zip(),
        ]
    )
    return st.one_of(
        st.binary(max_size=4096),
        st.integers(0, len(real)).map(lambda n: real[:n]),
        st.tuples(st.integers(0, len(real) - 1), st.integers(1, 255)).map(
            lambda t: real[: t[0]] + bytes([real[t[0]] ^ t[1]]) + real[t[0] + 1 :]
        ),
        st.tuples(st.integers(0, 2), st.sampled_from([0, 1, 10, 2**31, 2**32 - 1])).map(
            lambda t: _lie_about_sizes(real, *t)
        ),
        bombs,
        st.tuples(bombs, st.integers(0, 2), st.sampled_from([1, 100, 2**32 - 1])).map(
            lambda t: _lie_about_sizes(*t)
        ),
    )


# -- backups -------------------------------------------------------------------------------
def test_the_measured_zip_bomb_is_refused_with_little_memory(ready, tmp_path):
    bomb = _bomb_zip("manifest.json")
    assert len(bomb) < 400 * 1024  # about the size measured: 298 KiB for 300 MiB
    path = tmp_path / "cse-records-2026-01-01-1200.cse-backup"
    path.write_bytes(bomb)
    tracemalloc.start()
    with pytest.raises(errors.BackupDamaged) as caught:
        read_manifest(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < MEMORY_CAP, f"peak {peak / MIB:.1f} MiB"
    assert caught.value.message == f"That backup is damaged: {backups_module.TOO_LARGE}."


def test_a_records_member_bigger_than_its_file_is_refused_before_it_reaches_the_disk(
    ready, tmp_path, real_backup
):
    # A real manifest and key file (so the passphrase opens it), and records that would
    # inflate to 300 MiB on the PC's disk: refused on what the entry declares.
    with zipfile.ZipFile(io.BytesIO(real_backup)) as real:
        manifest, keyring = real.read("manifest.json"), real.read("keyring.json")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("manifest.json", manifest)
        z.writestr("keyring.json", keyring)
        info = zipfile.ZipInfo("records.db")
        info.compress_type = zipfile.ZIP_DEFLATED
        with z.open(info, "w", force_zip64=True) as fh:
            for _ in range(BOMB // MIB):
                fh.write(bytes(MIB))
    path = tmp_path / "bomb.cse-backup"
    path.write_bytes(out.getvalue())
    with pytest.raises(errors.BackupDamaged) as caught:
        Backups(ready).inspect(path, PASSPHRASE)
    assert caught.value.reason == backups_module.TOO_LARGE
    assert not list(ready.paths.data.glob("records.db.new*"))


@FUZZ
@given(data=st.data())
def test_backup_readers_stay_bounded_and_refuse_only_with_typed_errors(
    ready, tmp_path, real_backup, data
):
    variant = data.draw(_variants(real_backup))
    for read in _backup_readers(ready):
        _bounded(read, variant, tmp_path / "fuzz.cse-backup")
    assert not list(ready.paths.data.glob("records.db.new*"))  # nothing left behind


# -- handover ------------------------------------------------------------------------------
def _open_handover(path: Path) -> None:
    handover.open_file(path, HANDOVER_CODE)


def test_a_handover_payload_bomb_is_refused_at_the_cap(tmp_path):
    # Only a file made with the one-time passphrase gets this far; what is held is
    # bounded by the cap (64 MiB), never by what the file would inflate to (300 MiB).
    path = tmp_path / "bomb.cse-handover"
    path.write_bytes(_handover_bomb())
    tracemalloc.start()
    with pytest.raises(errors.HandoverDamaged) as caught:
        _open_handover(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < handover_format.MAX_PAYLOAD_BYTES + 8 * MIB, f"peak {peak / MIB:.1f} MiB"
    assert caught.value.reason == "it holds more than a handover can"


def test_a_handover_file_over_its_cap_is_refused_after_its_header(tmp_path, monkeypatch):
    monkeypatch.setattr(handover_format, "MAX_FILE_BYTES", 2 * MIB)
    path = tmp_path / "big.cse-handover"
    with path.open("wb") as fh:
        header, _sealed = handover_format.seal(b"x", HANDOVER_CODE, FAST_FOR_TESTS)
        fh.write(header)
        fh.write(bytes(3 * MIB))
    with pytest.raises(errors.NotAHandoverFile):
        _open_handover(path)
    other = tmp_path / "not-one.cse-handover"
    other.write_bytes(bytes(3 * MIB // 2))  # under the cap, but no handover header
    tracemalloc.start()
    with pytest.raises(errors.NotAHandoverFile):
        _open_handover(other)  # refused on its first line, not read to the end
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < MIB


@FUZZ
@given(data=st.data())
def test_the_handover_reader_stays_bounded_and_refuses_only_with_typed_errors(
    tmp_path, real_handover, data
):
    real = real_handover
    variant = data.draw(
        st.one_of(
            st.binary(max_size=4096),
            st.integers(0, len(real)).map(lambda n: real[:n]),
            st.tuples(st.integers(0, len(real) - 1), st.integers(1, 255)).map(
                lambda t: real[: t[0]] + bytes([real[t[0]] ^ t[1]]) + real[t[0] + 1 :]
            ),
            st.just(json.dumps({"format": "cse-toolkit-handover"}).encode() + b"\n" + bytes(99)),
        )
    )
    _bounded(_open_handover, variant, tmp_path / "fuzz.cse-handover")
