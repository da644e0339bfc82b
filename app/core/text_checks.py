"""Small checks shared by every form: required, length, hidden characters, phone."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_PHONE = re.compile(r"^[0-9+() \-.]*$")


def clean(text: str) -> str:
    """Trim, and fold pasted text to NFC so the same name always compares equal."""
    return unicodedata.normalize("NFC", text).strip()


def problem(text: str, *, required: bool, max_length: int, what: str) -> str | None:
    if required and not text:
        return f"Enter {what}."
    if len(text) > max_length:
        return f"Keep this to {max_length} characters or fewer (it has {len(text)})."
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        return "Remove line breaks and other hidden characters."
    return None


def phone_problem(text: str, *, required: bool, what: str) -> str | None:
    found = problem(text, required=required, max_length=40, what=what)
    if found:
        return found
    if text and not _PHONE.match(text):
        return "Use only numbers, spaces and + ( ) - in a phone number."
    if text and sum(ch.isdigit() for ch in text) < 3:
        return "That phone number looks too short."
    return None


# -- people's names ----------------------------------------------------------------------
# Runs of these become one space: spaces of every width, tabs and line breaks a paste
# brings in.
_SPACES = frozenset("\t\n\r\x0b\x0c")
_SPACE_KINDS = frozenset({"Zs", "Zl", "Zp"})
_ZWNJ, _ZWJ = "\u200c", "\u200d"
# Scripts whose spelling needs the zero-width joiner or non-joiner between letters
# (Persian and Urdu in Arabic script, Hindi and the other Indic scripts, Syriac,
# Mongolian): code point ranges, as unicodedata has no script property.
_JOINING_SCRIPTS = (
    (0x0600, 0x08FF),  # Arabic, Syriac, Thaana, N'Ko and Arabic supplements
    (0x0900, 0x0DFF),  # Devanagari to Sinhala
    (0x1800, 0x18AF),  # Mongolian
    (0xFB50, 0xFDFF),  # Arabic presentation forms A
    (0xFE70, 0xFEFF),  # Arabic presentation forms B
)
# Letters that draw nothing (Hangul fillers, Khmer inherent vowels) and the combining
# grapheme joiner: a name made with them looks the same as another.
_BLANK_LETTERS = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u3164\uffa0"
    "\u2800"  # Braille blank: looks like a space
    "\u180b\u180c\u180d\u180f"  # Mongolian free variation selectors
    + "".join(map(chr, range(0xFE00, 0xFE10)))  # variation selectors
    + "".join(map(chr, range(0xE0100, 0xE01F0)))  # variation selectors supplement
)
HIDDEN_IN_NAME = (
    "This name has a hidden character in it (one that does not show, or that changes "
    "the direction of the text), so it could look like someone else's. Type the name "
    "again rather than pasting it."
)
SAME_NAME = (
    "Someone on the list already has that name. For two people with the same name, "
    "add something to tell them apart, such as an initial."
)


def _script(ch: str) -> int | None:
    """Which joining script `ch` is a letter or mark of (its range's index), if any."""
    if unicodedata.category(ch)[0] not in "LM":
        return None
    point = ord(ch)
    for index, (low, high) in enumerate(_JOINING_SCRIPTS):
        if low <= point <= high:
            return index
    return None


def _hidden(name: str, at: int) -> bool:
    ch = name[at]
    if ch in _BLANK_LETTERS:
        return True
    if unicodedata.category(ch)[0] != "C":  # control, format, private, unassigned
        return False
    if ch not in (_ZWNJ, _ZWJ) or at == 0 or at == len(name) - 1:
        return True
    # A joiner is part of the spelling only between two letters of one script that uses it.
    before = _script(name[at - 1])
    return before is None or before != _script(name[at + 1])


HIDDEN_IN_TEXT = (
    "This has a hidden character in it (one that does not show, or that changes the "
    "direction of the text). Type it again rather than pasting it."
)


def has_hidden(text: str) -> bool:
    """Whether `text` holds a character that does not show or turns the text round (a
    joiner only where Persian or Hindi spelling needs one): see checked_name."""
    return any(_hidden(text, at) for at in range(len(text)))


MIXED_ALPHABETS = (
    "A word in this name mixes letters from two alphabets (such as a Cyrillic letter "
    "that looks like a Latin one), so it could look like someone else's. Type the name "
    "again rather than pasting it."
)
# Alphabets whose letters look alike: a Cyrillic "а" in "Ann" reads as Ann.
_LOOKALIKE_ALPHABETS = ("LATIN", "CYRILLIC", "GREEK")


def _alphabets(word: str) -> set[str]:
    found = set()
    for ch in word:
        if ch.isalpha():
            first = unicodedata.name(ch, "").split(" ", 1)[0]
            if first in _LOOKALIKE_ALPHABETS:
                found.add(first)
    return found


def name_key(name: str) -> str:
    """What two names are compared by: the same letters whatever their case or form."""
    # NFKC, as the concern search folds look-alike forms (a mathematical or full-width
    # letter is the letter); a joiner changes no letter, so two names differing only in
    # one are the same name.
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", name).casefold())
    return folded.replace(_ZWJ, "").replace(_ZWNJ, "")


def checked_name(
    text: str, *, max_length: int, what: str = "the name", taken: Iterable[str] = ()
) -> tuple[str, str | None]:
    """A person's name as typed or pasted: (the name in NFC with each run of spaces made
    one, the problem in plain words or None). Refused: empty, too long, a hidden or
    direction-changing character (a joiner only where Persian or Hindi spelling needs
    one), or a name already in `taken`, compared by name_key."""
    text = unicodedata.normalize("NFC", text)
    spaced = "".join(
        " " if ch in _SPACES or unicodedata.category(ch) in _SPACE_KINDS else ch for ch in text
    )
    name = " ".join(part for part in spaced.split(" ") if part)
    if not name:
        return name, f"Enter {what}."
    if len(name) > max_length:
        return name, f"Keep this to {max_length} characters or fewer (it has {len(name)})."
    if has_hidden(name):
        return name, HIDDEN_IN_NAME
    if not any(unicodedata.category(ch)[0] in "LN" for ch in name):
        return name, f"Enter {what}: it needs at least one letter."
    if any(len(_alphabets(word)) > 1 for word in name.split(" ")):
        return name, MIXED_ALPHABETS
    key = name_key(name)
    if any(name_key(other) == key for other in taken):
        return name, SAME_NAME
    return name, None
