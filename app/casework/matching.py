"""Seen in other records: the people, vehicles, places, phone numbers and usernames a
concern names, matched against every other concern in the store.

This is how a lead notices that the same silver car collects three different young
people. Each kind has its own key, computed here from what was typed:

- registrations: upper case, letters and digits only; in the current UK format
  (AB12 CDE) an O or I typed in the two-digit age identifier is read as 0 or 1;
- phone numbers: digits only; +44, 0044 and 44 (0) become the leading 0;
- usernames: case-insensitive, without a leading @ or spaces; any platform;
- people: accents, case and punctuation ignored, word order ignored, small spelling
  differences in longer names allowed (see `compare_names`); nicknames count as names;
- places: the same text once accents, case and punctuation are ignored, or the same
  UK postcode anywhere in the two descriptions.

Registrations, numbers and usernames are found through the index on the store's
`normalised` column (db/concerns.py), by every spelling it could have stored for a key.
Names and places are found through a TEMP table of keys on the store's own connection
(db/matching.py): built on first use, topped up after, gone when the store is locked.
Either way the candidates are checked here against keys recomputed from what was typed.
Nothing is kept in Python between calls, so a lock leaves no names behind.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from db import matching as queries
from db.concerns import phone_key as db_phone_key
from db.matching import SubjectRow
from db.store import Store

KINDS = ("person", "vehicle", "place", "phone", "username")

SAME_REGISTRATION = "same registration"
SAME_PHONE = "same phone number"
SAME_USERNAME = "same username"
SAME_NAME = "same name"
SIMILAR_NAME = "similar name"
SAME_PLACE = "same place"
SAME_POSTCODE = "same postcode"
# Stronger first: a concern that matches one thing two ways is listed under the stronger.
_STRENGTH = {SAME_NAME: 0, SIMILAR_NAME: 1}

# Fewer digits than this is a part-remembered number or a short code: too many strangers
# share one.
MIN_PHONE_DIGITS = 7
# Names: a spelling difference is allowed only in words this long, and only when the
# first letters agree (misspellings rarely change the first letter; Jason/Mason, Mark/
# Mary, Sean/Sian are different people).
FUZZY_FROM = 5
FUZZY_TWO_FROM = 8
# Words of one name that are compared; the rest of a very long name adds nothing.
MAX_NAME_WORDS = 6


@dataclass(frozen=True)
class Match:
    """One thing this concern names that other concerns name too."""

    kind: str  # from KINDS
    key: str  # the normalised value from this concern: "AB12CDE", "07700900123", "NN1 1AA"
    how: str  # "same registration", "similar name", …
    concern_ids: tuple[str, ...]  # the other concerns, sorted
    # Their young people, other than this concern's own (or this young person), sorted.
    young_person_ids: tuple[int, ...]

    @property
    def other_concerns(self) -> int:
        return len(self.concern_ids)

    @property
    def other_young_people(self) -> int:
        return len(self.young_person_ids)


# -- text -------------------------------------------------------------------------------
# Letters NFKD leaves whole, written as people without the key would type them.
_PLAIN = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe", "ı": "i"}
)
_APOSTROPHES = re.compile(r"['’‘`´ʼ]")
_NOT_WORD = re.compile(r"[\W_]+")


# The same fold for plain ASCII text, which most names and places are, at a tenth the cost.
_ASCII_FOLD = str.maketrans(
    {chr(c): (None if chr(c) in "'`" else " ") for c in range(128) if not chr(c).isalnum()}
)


def fold(text: str) -> str:
    """Lower case, no accents, apostrophes dropped (O'Brien = OBrien), other
    punctuation a space, spaces tidied: "  Zoë  O’Brien-Smith " → "zoe obrien smith"."""
    if text.isascii():
        return " ".join(text.lower().translate(_ASCII_FOLD).split())
    return _fold_unicode(text)


def _fold_unicode(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = bare.casefold().translate(_PLAIN)
    return " ".join(_NOT_WORD.sub(" ", _APOSTROPHES.sub("", plain)).split())


def _compact(text: str) -> str:
    # NFKC folds full-width and other look-alike forms, as db/concerns.py does.
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).upper() if ch.isalnum())


# -- registrations ----------------------------------------------------------------------
# Current format: two letters, two-digit age identifier, three letters. Only there can a
# position be known to hold digits; every older format has letters where this one has
# digits, so no other plate is changed.
_CURRENT = re.compile(r"^[A-Z]{2}[0-9OI]{2}[A-Z]{3}$")
_AS_DIGIT = str.maketrans("OI", "01")


def registration_key(text: str) -> str:
    """ "ab12 cde", "AB-12 CDE" and "AB I2 CDE" → "AB12CDE"."""
    compact = _compact(text)
    if _CURRENT.match(compact):
        return compact[:2] + compact[2:4].translate(_AS_DIGIT) + compact[4:]
    return compact


def _registration_spellings(key: str) -> set[str]:
    """Every stored `normalised` (letters and digits, upper case) with this key."""
    if not _CURRENT.match(key):
        return {key}
    found = {""}
    for ch in key[2:4]:
        options = {ch, *({"0": "O", "1": "I"}.get(ch, ""))}
        found = {f + o for f in found for o in options}
    return {key[:2] + middle + key[4:] for middle in found}


# -- phone numbers ----------------------------------------------------------------------
def phone_key(text: str) -> str:
    """Digits only, UK numbers from 0: "+44 7700 900123", "0044 (0)7700 900 123" and
    "(07700) 900-123" → "07700900123". Other countries keep their code after 00.
    The store writes the same key (one function: db/concerns.phone_key)."""
    return db_phone_key(text)


def _phone_spellings(key: str) -> set[str]:
    """What db/concerns.py stores for numbers with this key (before any word after it)."""
    if key.startswith("00"):
        return {key, key[2:]}  # "0033…" and "+33…", which it keeps as "33…"
    if key.startswith("0"):
        return {key, "44" + key[1:], "440" + key[1:]}  # "44 7700…", "44 (0)7700…"
    return {key}


# -- usernames --------------------------------------------------------------------------
def username_key(text: str) -> str:
    """ "  @Daz_99 " → "daz_99": case, spaces and a leading @ ignored."""
    tidy = "".join(unicodedata.normalize("NFKC", text).casefold().split())
    return tidy.lstrip("@")


# -- places -----------------------------------------------------------------------------
# UK postcode areas, so "the A45 2nd exit" is not read as a postcode.
_AREA_LIST = (
    "AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN "
    "DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW "
    "KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH "
    "RM S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD "
    "WF WN WR WS WV YO ZE"
)
_AREAS = frozenset(_AREA_LIST.split())
_POSTCODE = re.compile(
    r"(?<![A-Z0-9])([A-Z]{1,2})([0-9][A-Z0-9]?) ?([0-9][ABD-HJLNP-UW-Z]{2})(?![A-Z0-9])"
)


def place_key(text: str) -> str:
    return fold(text)


def postcodes(text: str) -> list[str]:
    """UK postcodes in a description, as "NN1 1AA", whether typed "nn11aa" or "NN1 1AA"."""
    upper = " ".join(unicodedata.normalize("NFKC", text).upper().split())
    found = []
    for area, district, inward in _POSTCODE.findall(upper):
        if area in _AREAS:
            code = f"{area}{district} {inward}"
            if code not in found:
                found.append(code)
    return found


# -- names ------------------------------------------------------------------------------
_NICKNAMES = re.compile(r"[,;/]")


def name_forms(name: str, nickname: str) -> list[tuple[str, ...]]:
    """The words of a person's name and of each nickname ("Daz, Big D" is two), each a
    form compared on its own; single letters are left out, they would match anyone."""
    forms: list[tuple[str, ...]] = []
    for text in (name, *_NICKNAMES.split(nickname)) if nickname else (name,):
        words = tuple(fold(text).split()[:MAX_NAME_WORDS])
        if len("".join(words)) >= 2 and words not in forms:
            forms.append(words)
    return forms


def _within(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of a and b is at most `limit`."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def _allowed_edits(word: str) -> int:
    return 2 if len(word) >= FUZZY_TWO_FROM else 1 if len(word) >= FUZZY_FROM else 0


def close_words(a: str, b: str) -> bool:
    """The same word, or a small misspelling of a longer one: Smith/Smyth,
    Mohammed/Muhammad; never Dan/Jan, Mark/Mary or Jason/Mason."""
    if a == b:
        return True
    limit = _allowed_edits(min(a, b, key=len))
    return limit > 0 and a[0] == b[0] and _within(a, b, limit)


def _pair_all(short: Sequence[str], long: list[str]) -> bool:
    # Each word of the shorter name with its own word of the longer; names are short, so
    # trying every pairing costs nothing.
    if not short:
        return True
    first, rest = short[0], short[1:]
    for i, word in enumerate(long):
        if close_words(first, word) and _pair_all(rest, long[:i] + long[i + 1 :]):
            return True
    return False


def compare_names(a: Sequence[str], b: Sequence[str]) -> str | None:
    """ "same name", "similar name" or None, for the words of two name forms.

    Same: the same words in any order ("Daniel Smith", "smith, DANIEL"). Similar: every
    word of the shorter name pairs with a close word of the longer ("Daniel Smith",
    "Daniel James Smyth"), or a lone name is the other's first name exactly ("Daz",
    "Daz Jones"). Not "Dan" and "Danny": shortened names cannot be told from different
    names (Dan, Dana, Dante) by spelling, so they match when recorded as a nickname.
    """
    if not a or not b:
        return None
    if sorted(a) == sorted(b):
        return SAME_NAME
    return SIMILAR_NAME if _similar(a, b) else None


def _similar(a: Sequence[str], b: Sequence[str]) -> bool:
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) == 1 and len(long) > 1:
        return short[0] == long[0]
    return _pair_all(short, list(long))


# -- matching ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Found:
    kind: str
    key: str
    how: str
    concern_id: str


def _keys(row: SubjectRow) -> list[tuple[str, str]]:
    """(key, how) for an exactly-keyed subject; empty when there is nothing to match on."""
    if row.kind == "vehicle":
        key = registration_key(row.registration)
        return [(key, SAME_REGISTRATION)] if key else []
    if row.kind == "phone":
        key = phone_key(row.value)
        return [(key, SAME_PHONE)] if len(key) >= MIN_PHONE_DIGITS else []
    if row.kind == "username":
        key = username_key(row.value)
        return [(key, SAME_USERNAME)] if key else []
    return []


def _exact(store: Store, mine: list[SubjectRow], skip: set[str]) -> Iterator[_Found]:
    wanted: dict[tuple[str, str], str] = {}
    spellings: dict[str, set[str]] = {"vehicle": set(), "phone": set(), "username": set()}
    for row in mine:
        for key, how in _keys(row):
            wanted[row.kind, key] = how
            if row.kind == "vehicle":
                spellings["vehicle"] |= _registration_spellings(key)
            elif row.kind == "phone":
                spellings["phone"] |= _phone_spellings(key)
            else:
                spellings["username"].add(key)
    candidates = [
        *queries.with_normalised(store, "vehicle", spellings["vehicle"]),
        # A range, not equality: "07700 900123 (mum's)" is stored with the words after it.
        *queries.starting_with(store, "phone", spellings["phone"]),
        *queries.with_normalised(store, "username", spellings["username"]),
    ]
    for row in candidates:
        if row.concern_id in skip:
            continue
        for key, _how in _keys(row):
            found_how = wanted.get((row.kind, key))
            if found_how is not None:
                yield _Found(row.kind, key, found_how, row.concern_id)


# Keys kept in the store's TEMP key table (db/matching.py) for the kinds no stored column
# can find: every word of a person's names, a place's folded text and its postcodes.
_WORD, _PLACE, _POSTCODE_KEY = "w:", "p:", "pc:"
_KEYED_KINDS = ("person", "place")


def _index_keys(row: SubjectRow) -> list[str]:
    if row.kind == "person":
        return [_WORD + w for form in name_forms(row.name, row.nickname) for w in form]
    if row.kind == "place":
        key = place_key(row.description)
        codes = [_POSTCODE_KEY + c for c in postcodes(row.description)]
        return [_PLACE + key, *codes] if key else codes
    return []


def prepare(store: Store) -> int:
    """Bring the name and place keys up to date (the first use after an unlock reads every
    person and place once); how many subjects were read. Cheap when nothing is new."""
    return queries.refresh_keys(store, _KEYED_KINDS, _index_keys)


def _close_words_in_store(store: Store, words: set[str]) -> dict[str, set[str]]:
    """For each of `words`, the words of stored names close to it (see `close_words`)."""
    close = {w: {w} for w in words}
    fuzzy: dict[str, list[str]] = {}
    for word in words:
        if _allowed_edits(word):
            fuzzy.setdefault(word[0], []).append(word)
    for first, group in fuzzy.items():
        # Close words share the first letter and differ in length by at most the edits.
        low = min(len(w) - _allowed_edits(w) for w in group) + len(_WORD)
        high = max(len(w) + _allowed_edits(w) for w in group) + len(_WORD)
        prefix = _WORD + first
        for key in queries.keys_between(store, prefix, prefix + queries.TOP, (low, high)):
            stored = key[len(_WORD) :]
            for word in group:
                if close_words(word, stored):
                    close[word].add(stored)
    return close


def _people(store: Store, mine: list[SubjectRow], skip: set[str]) -> Iterator[_Found]:
    subjects = [
        forms for r in mine if r.kind == "person" if (forms := name_forms(r.name, r.nickname))
    ]
    if not subjects:
        return
    close = _close_words_in_store(store, {w for forms in subjects for f in forms for w in f})
    # Per subject of this concern: its name as shown, its forms, the stored words that
    # could pair with one of its words (a candidate sharing none cannot match it).
    wanted = [
        (
            " ".join(forms[0]),
            forms,
            {tuple(sorted(f)) for f in forms},
            {c for f in forms for w in f for c in close[w]},
        )
        for forms in subjects
    ]
    keys = {_WORD + c for words in close.values() for c in words}
    for row in queries.with_keys(store, keys):
        if row.concern_id in skip or row.kind != "person":
            continue
        theirs = name_forms(row.name, row.nickname)
        their_words = {w for f in theirs for w in f}
        their_sorted = {tuple(sorted(f)) for f in theirs}
        for shown, forms, forms_sorted, reachable in wanted:
            # compare_names, with each name's words sorted once rather than per pair.
            if reachable.isdisjoint(their_words):
                continue
            if not forms_sorted.isdisjoint(their_sorted):
                yield _Found("person", shown, SAME_NAME, row.concern_id)
            elif any(_similar(a, b) for a in forms for b in theirs):
                yield _Found("person", shown, SIMILAR_NAME, row.concern_id)


def _places(store: Store, mine: list[SubjectRow], skip: set[str]) -> Iterator[_Found]:
    wanted = [
        (key, postcodes(r.description))
        for r in mine
        if r.kind == "place" and (key := place_key(r.description))
    ]
    keys = {_PLACE + key for key, _ in wanted}
    keys |= {_POSTCODE_KEY + code for _, codes in wanted for code in codes}
    for row in queries.with_keys(store, keys) if keys else []:
        if row.concern_id in skip or row.kind != "place":
            continue
        theirs_key = place_key(row.description)
        theirs_codes = set(postcodes(row.description))
        for key, codes in wanted:
            if theirs_key == key:
                yield _Found("place", key, SAME_PLACE, row.concern_id)
                continue  # the same place: its postcode says nothing more
            for code in codes:
                if code in theirs_codes:
                    yield _Found("place", code, SAME_POSTCODE, row.concern_id)


def _collect(store: Store, own: list[str]) -> list[Match]:
    skip = set(own)
    prepare(store)
    mine = queries.subjects_of(store, own)
    found = [*_exact(store, mine, skip), *_people(store, mine, skip), *_places(store, mine, skip)]
    # Another concern that matches one thing two ways (it names "Daniel Smith" and
    # "Daniel Smyth") is listed under the stronger way only.
    strongest: dict[tuple[str, str, str], _Found] = {}
    for item in found:
        slot = (item.kind, item.key, item.concern_id)
        held = strongest.get(slot)
        if held is None or _STRENGTH.get(item.how, 0) < _STRENGTH.get(held.how, 0):
            strongest[slot] = item
    people = queries.young_people_of(store, {*own, *(f.concern_id for f in strongest.values())})
    own_people = {people[c] for c in own if c in people}
    grouped: dict[tuple[str, str, str], set[str]] = {}
    for item in strongest.values():
        grouped.setdefault((item.kind, item.key, item.how), set()).add(item.concern_id)
    matches = [
        Match(
            kind=kind,
            key=key,
            how=how,
            concern_ids=tuple(sorted(ids)),
            young_person_ids=tuple(sorted({people[c] for c in ids} - own_people)),
        )
        for (kind, key, how), ids in grouped.items()
    ]
    # Most young people first: that is the pattern a lead is looking for.
    matches.sort(
        key=lambda m: (-m.other_young_people, -m.other_concerns, KINDS.index(m.kind), m.key)
    )
    return matches


def seen_elsewhere(store: Store, concern_id: str) -> list[Match]:
    """What this concern names that other concerns name too, with those concerns and
    their young people (other than this concern's). Empty for an unknown concern."""
    return _collect(store, [concern_id])


def seen_elsewhere_for_young_person(store: Store, young_person_id: int) -> list[Match]:
    """The same for every concern about one young person, against everyone else's."""
    own = queries.concerns_of_young_person(store, young_person_id)
    return _collect(store, own) if own else []
