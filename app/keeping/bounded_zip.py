"""Reading a ZIP someone else may have made, with memory and disk use bounded.

A backup file comes from a USB stick, so it may be anything. zipfile trusts what the
archive says about itself: `read()` sizes its buffer from the size a member declares, and
opening an archive reads its whole central directory at once. So before zipfile sees
it, the end record is read (a few KiB) and an archive declaring more members, or a
bigger directory, than one of ours can have is refused; then each member is checked
against its own cap and the total against the archive's own size (what we write is
stored, never compressed, and the records are encrypted, so a real backup never grows
on the way out), on the size it declares AND on the bytes actually read, in chunks,
stopping at the cap.

Refusals are `TooLarge` or `NotAZip` here, for the caller to turn into its own typed,
plain error.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

CHUNK = 1 << 20
_EOCD = struct.Struct("<4s4H2LH")  # end of central directory record (22 bytes)
_EOCD_SIGNATURE = b"PK\x05\x06"
_ZIP64_LOCATOR = struct.Struct("<4sLQL")  # 20 bytes, just before the end record
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")  # 56 bytes
_ZIP64_EOCD_SIGNATURE = b"PK\x06\x06"
_MAX_COMMENT = 0xFFFF
_ALLOWED_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class NotAZip(Exception):
    """Not a ZIP archive, or one cut short."""


class TooLarge(Exception):
    """More members, or bigger ones, than the caller allows."""


def check_directory(path: Path, max_entries: int, max_directory_bytes: int) -> None:
    """Refuse an archive whose end record declares more members or a bigger central
    directory than allowed, before zipfile reads any of it."""
    with path.open("rb") as fh:
        size = fh.seek(0, 2)
        tail_size = min(size, _EOCD.size + _MAX_COMMENT)
        fh.seek(size - tail_size)
        tail = fh.read(tail_size)
        at = tail.rfind(_EOCD_SIGNATURE)
        if at < 0 or len(tail) - at < _EOCD.size:
            raise NotAZip()
        fields = _EOCD.unpack_from(tail, at)
        entries, directory_bytes = fields[4], fields[5]
        if entries == 0xFFFF or directory_bytes == 0xFFFFFFFF:
            entries, directory_bytes = _zip64_counts(fh, size - tail_size + at)
    if entries > max_entries or directory_bytes > max_directory_bytes:
        raise TooLarge()


def _zip64_counts(fh: BinaryIO, eocd_at: int) -> tuple[int, int]:
    if eocd_at < _ZIP64_LOCATOR.size:
        raise NotAZip()
    fh.seek(eocd_at - _ZIP64_LOCATOR.size)
    locator = fh.read(_ZIP64_LOCATOR.size)
    if len(locator) != _ZIP64_LOCATOR.size or not locator.startswith(_ZIP64_LOCATOR_SIGNATURE):
        raise NotAZip()
    offset = _ZIP64_LOCATOR.unpack(locator)[2]
    fh.seek(offset)
    record = fh.read(_ZIP64_EOCD.size)
    if len(record) != _ZIP64_EOCD.size or not record.startswith(_ZIP64_EOCD_SIGNATURE):
        raise NotAZip()
    fields = _ZIP64_EOCD.unpack(record)
    return int(fields[7]), int(fields[8])


def member(archive: zipfile.ZipFile, name: str, cap: int) -> zipfile.ZipInfo:
    """The member's entry, refused when its declared size is over `cap` or it is packed
    a way ours never are."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise NotAZip() from None
    if info.compress_type not in _ALLOWED_METHODS:
        raise NotAZip()
    if info.file_size > cap or info.file_size < 0:
        raise TooLarge()
    return info


def declared_total(archive: zipfile.ZipFile, names: tuple[str, ...]) -> int:
    return sum(archive.getinfo(n).file_size for n in names if n in archive.NameToInfo)


def read_member(archive: zipfile.ZipFile, name: str, cap: int) -> bytes:
    """The whole member, read in chunks and never more than `cap` bytes of it."""
    parts: list[bytes] = []
    stream_member(archive, name, cap, parts.append)
    return b"".join(parts)


def stream_member(
    archive: zipfile.ZipFile,
    name: str,
    cap: int,
    sink: Callable[[bytes], object],
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Pass the member to `sink` chunk by chunk; stop with TooLarge past `cap` whatever
    its entry said. The number of bytes passed on."""
    info = member(archive, name, cap)
    done = 0
    with archive.open(info) as source:
        while chunk := source.read(min(CHUNK, cap - done + 1)):
            done += len(chunk)
            if done > cap:
                raise TooLarge()
            sink(chunk)
            if progress is not None:
                progress(done, max(1, info.file_size))
    return done
