"""Recovery codes: 120 random bits in Crockford base32, with a check character.

Shown as five groups of five (ABCDE-FGHJK-MNPQR-STVWX-YZ12C) so it can be read aloud
and typed back. The check character catches most typing slips before any slow key
derivation runs. Letters that look alike (O/0, I/L/1) are read as the same.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
DATA_CHARS = 24  # 24 × 5 bits = 120 random bits
GROUP = 5
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def _check_char(data: str) -> str:
    total = sum((i + 1) * ALPHABET.index(c) for i, c in enumerate(data))
    return ALPHABET[total % 31]


def generate() -> str:
    data = "".join(secrets.choice(ALPHABET) for _ in range(DATA_CHARS))
    return format_code(data + _check_char(data))


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalise(typed: str) -> str | None:
    """The canonical 25 characters, or None if this cannot be a recovery code."""
    raw = "".join(ch for ch in typed.upper() if ch.isalnum()).translate(_LOOKALIKES)
    if len(raw) != DATA_CHARS + 1 or any(ch not in ALPHABET for ch in raw):
        return None
    if _check_char(raw[:DATA_CHARS]) != raw[DATA_CHARS]:
        return None
    return raw
