"""A short fingerprint of one exact version of a concern record.

Printed in the footer of a referral summary, so whoever holds the paper can check, in the
app, that it was made from the record as it stands now (and not from an earlier version).
12 Crockford base32 characters from SHA-256 of the record's canonical JSON, grouped
"XXXX-XXXX-XXXX" to read aloud. Not a secret and not a signature: a checksum.
"""

from __future__ import annotations

import hashlib
import json

from app.intake.concern.codec import to_dict
from app.intake.concern.model import Concern

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O or U
LENGTH = 12  # 60 bits
# Letters people misread or mistype, as Crockford decodes them.
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _canonical(concern: Concern) -> bytes:
    return json.dumps(
        to_dict(concern), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def record_digest(concern: Concern) -> str:
    """The fingerprint of this exact record, e.g. "7K2Q-M9XD-3F0A"."""
    number = int.from_bytes(hashlib.sha256(_canonical(concern)).digest()[:8], "big")
    number >>= 64 - 5 * LENGTH
    chars = "".join(ALPHABET[(number >> (5 * (LENGTH - 1 - i))) & 31] for i in range(LENGTH))
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def normalise_digest(typed: str) -> str | None:
    """A digest as read back or typed ("7k2q m9xd 3foa") in its printed form, or None
    when it cannot be one."""
    chars = "".join(ch for ch in typed.upper() if ch.isalnum()).translate(_TYPED)
    if len(chars) != LENGTH or any(ch not in ALPHABET for ch in chars):
        return None
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def matches(concern: Concern, typed: str) -> bool:
    """Whether `typed` is the digest of this record as it stands."""
    found = normalise_digest(typed)
    return found is not None and found == record_digest(concern)
