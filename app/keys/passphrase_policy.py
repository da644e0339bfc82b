"""What a lead's passphrase must be, with a plain reason for every refusal."""

from __future__ import annotations

import math
from dataclasses import dataclass

MIN_LENGTH = 12
_COMMON = {
    "password",
    "passphrase",
    "letmein",
    "welcome",
    "qwerty",
    "abc123",
    "iloveyou",
    "safeguarding",
    "scouts",
    "youthclub",
    "changeme",
    "admin",
}


@dataclass(frozen=True)
class Strength:
    label: str  # shown next to the field
    acceptable: bool


def refusal(passphrase: str, repeat: str, avoid: tuple[str, ...] = ()) -> str | None:
    """Why this passphrase cannot be used, or None if it can."""
    if not passphrase:
        return "Choose a passphrase."
    if len(passphrase) < MIN_LENGTH:
        return (
            f"The passphrase is too short: it has {len(passphrase)} characters "
            f"and needs at least {MIN_LENGTH}."
        )
    if passphrase.strip() != passphrase:
        return "The passphrase starts or ends with a space, which is easy to forget. Remove it."
    if len(set(passphrase)) < 5:
        return "The passphrase repeats the same few characters. Use a few ordinary words."
    folded = "".join(ch for ch in passphrase.lower() if ch.isalnum())
    if folded in _COMMON or any(folded.startswith(w) and len(folded) - len(w) < 5 for w in _COMMON):
        return "That passphrase is one that people often guess. Choose another."
    for word in avoid:
        word = "".join(ch for ch in word.lower() if ch.isalnum())
        if len(word) >= 4 and word in folded and len(folded) - len(word) < 6:
            return "The passphrase is mostly a name from this form. Choose something else."
    if passphrase != repeat:
        return "The two passphrases are not the same. Type them again."
    return None


def strength(passphrase: str) -> Strength:
    """A rough, honest hint: length counts for most of it."""
    if not passphrase:
        return Strength(
            "Use three or four ordinary words, with spaces, that you will remember.", False
        )
    if len(passphrase) < MIN_LENGTH:
        return Strength(f"Too short: {len(passphrase)} of at least {MIN_LENGTH} characters.", False)
    pool = 0
    pool += 26 if any(c.islower() for c in passphrase) else 0
    pool += 26 if any(c.isupper() for c in passphrase) else 0
    pool += 10 if any(c.isdigit() for c in passphrase) else 0
    pool += 20 if any(not c.isalnum() for c in passphrase) else 0
    bits = len(passphrase) * math.log2(max(pool, 2)) * 0.6  # real text is far from random
    if bits < 45:
        return Strength("Fair. A longer passphrase would be stronger.", True)
    if bits < 70:
        return Strength("Good.", True)
    return Strength("Strong.", True)
