"""The organisation's public key as six plain words: the letterbox check.

A volunteer cannot check a 32-byte key, but can check six words against the ones on
the wall. The words are a digest of the public key, read 10 bits at a time as places
in a fixed list of 1,024 words (resources/words/key-words.txt), so the same key always
gives the same words on every PC, and a different key (someone's own, swapped into
keyring.json) gives different words. Six words are 60 bits: making a key pair whose
words match the real ones would take about 2^60 tries, far beyond a shared office PC.
"""

from __future__ import annotations

import hashlib
from functools import cache

from app.core.paths import resource_dir

COUNT = 6
LIST_SIZE = 1024
_BITS = 10  # LIST_SIZE == 2 ** _BITS
# Says what the digest is for, so it can never equal any other digest of the same key.
_PERSON = b"cse-key-words-v1"

# What the volunteer and the lead are asked to do with the words: plain, no blame.
CHECK_LINE = (
    "Check these words match the ones on the poster on the wall. If they do not, tell "
    "your designated lead."
)


@cache
def word_list() -> tuple[str, ...]:
    """The fixed list, in order (comment lines skipped)."""
    text = (resource_dir() / "words" / "key-words.txt").read_text(encoding="utf-8")
    words = tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )
    if len(words) != LIST_SIZE:  # a damaged install: refuse rather than show wrong words
        raise RuntimeError("the letterbox check word list is damaged")
    return words


def words_for(public_key: bytes) -> tuple[str, ...]:
    """The six words for a public key."""
    digest = hashlib.blake2b(bytes(public_key), digest_size=32, person=_PERSON).digest()
    number = int.from_bytes(digest[:8], "big") >> (64 - COUNT * _BITS)
    table = word_list()
    found = []
    for place in range(COUNT):
        shift = (COUNT - 1 - place) * _BITS
        found.append(table[(number >> shift) & (LIST_SIZE - 1)])
    return tuple(found)


def phrase(public_key: bytes) -> str:
    """The six words as one line, e.g. "acorn river spoon tulip cloud seven"."""
    return " ".join(words_for(public_key))


def phrase_or_blank(public_key: bytes) -> str:
    """The words, or "" when the word list cannot be read (a damaged install): the words
    are a check for people, and their absence must never stop a concern or a key file
    being written."""
    try:
        return phrase(public_key)
    except (OSError, RuntimeError, UnicodeDecodeError):
        return ""
