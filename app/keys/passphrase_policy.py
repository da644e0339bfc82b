"""What a passphrase must be, with a plain reason for every refusal.

How guessable a passphrase is, is judged by zxcvbn (Dropbox's estimator: common
passwords, words, names, keyboard runs, sequences, repeats, dates), with the
organisation's name, the area and the people's names as words a guesser would try
first. Its English feedback is never shown: what it found is put in our own words.
Nothing here logs, keeps or returns the passphrase.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

MIN_LENGTH = 12
# zxcvbn's time grows quickly with length (about 0.1 s for 100 odd characters here, and
# it refuses more than 72 unless told): judge the first 100. A passphrase whose first
# 100 characters are hard to guess is hard to guess.
JUDGED_CHARS = 100
# zxcvbn's score 3: "safely unguessable", about 10^8 guesses. Each guess costs an
# attacker an Argon2id derivation, but a stolen key file can be attacked for years.
MIN_SCORE = 3

SUGGESTION = "Use four or more ordinary words you can picture, with spaces between them."
GUESSABLE = "That passphrase would be easy to guess"

# What zxcvbn found, in our words; the first that applies is said.
NAMES = "it uses your organisation's name, your area or a person's name"
KEYBOARD = "it follows keys that sit next to each other on the keyboard, like qwerty"
RUN = "it has a run of letters or numbers, like 1234 or abcd"
REPEAT = "it repeats the same letters, numbers or words"
COMMON = "it is built on a password that many people use"
DATE = "it has a date or a year in it"
WORD = "it is a single common word or name with a little added"

_DIGIT_RUN = "0123456789" * 2  # 9 then 0, as on the keyboard's top row
_KEY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")


@dataclass(frozen=True)
class Strength:
    label: str  # shown next to the field
    acceptable: bool


def words_to_avoid(*texts: str) -> tuple[str, ...]:
    """Each text (a name, the area) and each of its parts, for zxcvbn's user inputs:
    "Riverside Youth Club" gives it, "riverside", "youth" and "club"."""
    found: list[str] = []
    for text in texts:
        whole = " ".join(text.lower().split())
        parts = [p for p in re.split(r"[\W_]+", whole) if len(p) >= 3]
        for word in (whole, "".join(parts), *parts):
            if word and word not in found:
                found.append(word)
    return tuple(found)


def refusal(passphrase: str, repeat: str, avoid: Iterable[str] = ()) -> str | None:
    """Why this passphrase cannot be used, or None if it can. `avoid`: the names and
    words to penalise (the organisation's name, the area, the people's names)."""
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
        return "The passphrase repeats the same few characters. " + SUGGESTION
    reason = guessable(passphrase, avoid)
    if reason:
        return reason
    if passphrase != repeat:
        return "The two passphrases are not the same. Type them again."
    return None


def guessable(passphrase: str, avoid: Iterable[str] = ()) -> str | None:
    """Our own sentence for why zxcvbn finds this passphrase easy to guess, or None."""
    result = _judge(passphrase, avoid)
    names = _names_share(result)
    if result["score"] >= MIN_SCORE and names < 0.5:
        return None
    finding = NAMES if names > 0 else _finding(result["sequence"])
    said = f"{GUESSABLE}: {finding}." if finding else f"{GUESSABLE}."
    return f"{said} {SUGGESTION}"


def strength(passphrase: str, avoid: Iterable[str] = ()) -> Strength:
    """A short hint as the passphrase is typed, agreeing with refusal()."""
    if not passphrase:
        return Strength(
            "Use four or more ordinary words, with spaces, that you will remember.", False
        )
    if len(passphrase) < MIN_LENGTH:
        return Strength(f"Too short: {len(passphrase)} of at least {MIN_LENGTH} characters.", False)
    result = _judge(passphrase, avoid)
    if result["score"] < MIN_SCORE or _names_share(result) >= 0.5:
        return Strength("Easy to guess. Add more ordinary words.", False)
    if result["score"] == MIN_SCORE:
        return Strength("Good. Another word would make it stronger.", True)
    return Strength("Strong.", True)


def _judge(passphrase: str, avoid: Iterable[str]) -> dict[str, Any]:
    from zxcvbn import zxcvbn  # about 50 ms to import its word lists: only when needed

    judged = passphrase[:JUDGED_CHARS]
    inputs = [w for w in avoid if w]
    result: dict[str, Any] = zxcvbn(judged, user_inputs=inputs, max_length=JUDGED_CHARS)
    return result


def _names_share(result: dict[str, Any]) -> float:
    """How much of the passphrase (spaces aside) is the names it was told to avoid."""
    password = str(result.get("password", ""))
    total = sum(1 for ch in password if not ch.isspace())
    named = sum(
        sum(1 for ch in str(m["token"]) if not ch.isspace())
        for m in result["sequence"]
        if m.get("dictionary_name") == "user_inputs"
    )
    return named / total if total else 0.0


def _finding(matches: list[dict[str, Any]]) -> str | None:
    """The plain sentence for the longest weak part zxcvbn found."""
    weak = [m for m in matches if m["pattern"] != "bruteforce"]
    if not weak:
        return None
    longest = max(weak, key=lambda m: len(str(m["token"])))
    token = str(longest["token"]).lower()
    pattern = longest["pattern"]
    # A common password that is also a keyboard run or a sequence ("qwertyuiop",
    # "123456789") is said as what a person would recognise in it.
    if pattern == "spatial" or _on_one_key_row(token):
        return KEYBOARD
    if pattern == "sequence" or _is_run(token):
        return RUN
    if pattern == "repeat":
        return REPEAT
    if pattern == "date" or longest.get("regex_name") == "recent_year":
        return DATE
    if pattern == "dictionary":
        return COMMON if longest.get("dictionary_name") == "passwords" else WORD
    return None


def _on_one_key_row(token: str) -> bool:
    # Digits along the top row are a run of numbers (below), not a keyboard pattern.
    return len(token) >= 4 and not token.isdigit() and any(token in row for row in _KEY_ROWS)


def _is_run(token: str) -> bool:
    if len(token) < 4:
        return False
    steps = {ord(b) - ord(a) for a, b in pairwise(token)}
    return steps in ({1}, {-1}) or (token.isdigit() and token in _DIGIT_RUN)
