"""Small checks shared by every form: required, length, hidden characters, phone."""

from __future__ import annotations

import re
import unicodedata

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
