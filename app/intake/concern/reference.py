"""A concern's reference, like "C-7K2Q-M9XD": random, short, and easy to read aloud.

Crockford's base32 alphabet leaves out I, L, O and U, so nothing in a reference can be
misheard or misread as another character; 40 random bits make a clash between two
concerns of one organisation vanishingly unlikely.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PATTERN = re.compile(r"^C-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
# What people type for the characters left out (Crockford's own decoding rules).
_TYPED = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_reference() -> str:
    chars = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"C-{chars[:4]}-{chars[4:]}"


def is_reference(text: str) -> bool:
    return bool(PATTERN.match(text))


def normalise(typed: str) -> str | None:
    """A reference read back or typed in ("c 7k2q m9xd", "C-7K2Q-M9XO") in its
    canonical form, or None when it cannot be one."""
    chars = "".join(ch for ch in typed.upper() if ch.isalnum()).translate(_TYPED)
    if chars.startswith("C") and len(chars) == 9:
        chars = chars[1:]
    if len(chars) != 8:
        return None
    found = f"C-{chars[:4]}-{chars[4:]}"
    return found if is_reference(found) else None
