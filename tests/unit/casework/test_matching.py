"""Seen in other records: the same car, number, username, person or place across concerns.

Keys are pure functions; the end-to-end tests use a real SQLCipher store (the `ready`
fixture) and concerns saved through app.intake.letterbox.save_direct.
"""

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.casework import matching
from app.casework.matching import (
    SAME_NAME,
    SAME_PHONE,
    SAME_PLACE,
    SAME_POSTCODE,
    SAME_REGISTRATION,
    SAME_USERNAME,
    SIMILAR_NAME,
    compare_names,
    name_forms,
    phone_key,
    place_key,
    postcodes,
    registration_key,
    seen_elsewhere,
    seen_elsewhere_for_young_person,
    username_key,
)
from app.intake.concern.model import (
    Concern,
    InvolvedPerson,
    OnlineContact,
    Place,
    Vehicle,
    YoungPerson,
)
from app.intake.concern.reference import new_reference
from app.intake.letterbox import save_direct
from app.screening.rules import screen_concern
from db import concerns as stored
from tests.conftest import PASSPHRASE

NOW = "2025-06-15T18:00:00+00:00"


# -- registrations ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed", ["AB12CDE", "ab12 cde", "AB-12 CDE", " ab 12 c.d.e ", "ＡＢ１２ ｃｄｅ", "AB I2 CDE"]
)
def test_registrations_in_different_spellings_match(typed):
    assert registration_key(typed) == "AB12CDE"


@pytest.mark.parametrize("other", ["AB12CDF", "AB13 CDE", "BA12 CDE", "AB12 CD"])
def test_different_registrations_do_not_match(other):
    assert registration_key(other) != registration_key("AB12 CDE")


def test_o_and_i_are_read_as_digits_only_where_a_current_plate_has_digits():
    assert registration_key("AB O2 CDE") == registration_key("AB02 CDE") == "AB02CDE"
    # Older formats keep their letters: a suffix plate (ABO 100D) and a prefix plate.
    assert registration_key("ABO 100D") == "ABO100D"
    assert registration_key("A123 BOD") == "A123BOD"
    # Letters stay letters: a 0 typed among them is not guessed at.
    assert registration_key("AB12 C0E") == "AB12C0E"


@pytest.mark.parametrize(
    "typed", ["ab12 cde", "AB I2 CDE", "AB1I CDE", "AB O1 CDE", "XY70 ZZZ", "ABO 100D", "K9"]
)
def test_the_index_is_searched_for_every_way_a_registration_was_stored(typed):
    key = registration_key(typed)
    in_store = stored.normalise("vehicle", {"registration": typed})
    assert in_store in matching._registration_spellings(key)


# -- phone numbers ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "typed",
    [
        "07700900123",
        "07700 900123",
        "(07700) 900 123",
        "07700-900-123",
        "+44 7700 900123",
        "+44 (0)7700 900 123",
        "+447700900123",
        "0044 7700 900123",
        "0044 (0) 7700 900123",
        "44 7700 900123",
        "+ 44 7700 900 123",
    ],
)
def test_phone_numbers_in_different_spellings_match(typed):
    assert phone_key(typed) == "07700900123"


def test_different_phone_numbers_do_not_match():
    assert phone_key("07700900123") != phone_key("07700900124")
    assert phone_key("07700 900123") != phone_key("07700 900 1234")
    assert phone_key("+33 6 12 34 56 78") == phone_key("0033 612 345 678") == "0033612345678"
    assert phone_key("+33 6 12 34 56 78") != phone_key("06 12 34 56 78")


@given(
    # A UK number after its 0 never starts with another 0.
    st.tuples(st.sampled_from("123456789"), st.text("0123456789", min_size=9, max_size=9)).map(
        "".join
    ),
    st.sampled_from(["0{}", "+44{}", "+44 (0){}", "0044{}", "44{}", "0{} (mum)"]),
    st.lists(st.sampled_from(" -.()"), max_size=4),
)
def test_a_uk_number_is_found_however_it_was_written(national, template, noise):
    typed = template.format(national)
    for ch in noise:  # spaces and punctuation dropped anywhere after the first digit
        typed = typed[:4] + ch + typed[4:]
    key = phone_key(typed)
    assert key == "0" + national
    in_store = stored.normalise("phone", {"value": typed})
    assert any(in_store.startswith(s) for s in matching._phone_spellings(key))


# -- usernames --------------------------------------------------------------------------
def test_usernames_match_with_or_without_at_and_in_any_case():
    assert username_key("@Daz_99") == username_key("daz_99") == username_key(" DAZ_99 ")
    assert username_key("@ daz_99") == "daz_99"
    assert username_key("daz_99") != username_key("daz_98")
    assert username_key("daz_99") != username_key("daz.99")


@pytest.mark.parametrize("typed", ["@Daz_99", " @ daz 99", "ＤＡＺ", "daz\t99", "@@x"])
def test_usernames_are_keyed_as_the_store_keys_them(typed):
    assert stored.normalise("username", {"value": typed}) == username_key(typed)


# -- names ------------------------------------------------------------------------------
def _names(a, b):
    forms_a, forms_b = name_forms(a, ""), name_forms(b, "")
    return compare_names(forms_a[0], forms_b[0])


@pytest.mark.parametrize(
    ("a", "b", "how"),
    [
        ("Daniel Smith", "daniel  smith", SAME_NAME),
        ("Daniel Smith", "SMITH, Daniel", SAME_NAME),
        ("Zoë O’Brien", "Zoe OBrien", SAME_NAME),
        ("Łukasz Nowak", "lukasz nowak", SAME_NAME),
        ("Daniel Smith", "Daniel Smyth", SIMILAR_NAME),
        ("Daniel Smith", "Daniel James Smith", SIMILAR_NAME),
        ("Mohammed Khan", "Muhammad Khan", SIMILAR_NAME),
        ("Daz", "Daz Jones", SIMILAR_NAME),
        ("Danny", "Danni", SIMILAR_NAME),
        ("Dan", "Jan", None),
        ("Dan", "Danny", None),
        ("Mark", "Mary", None),
        ("Jason", "Mason", None),
        ("Jones", "Daz Jones", None),
        ("Daniel Smith", "Daniel Jones", None),
        ("Daniel", "Danielle Smith", None),
    ],
)
def test_names_by_a_simple_similarity(a, b, how):
    assert _names(a, b) == how
    assert _names(b, a) == how


def test_nicknames_are_names_of_their_own():
    assert name_forms("Darren Jones", "Daz, Big D / D") == [
        ("darren", "jones"),
        ("daz",),
        ("big", "d"),
    ]
    assert name_forms("", "  ") == []


@given(st.text(st.characters(max_codepoint=127)))
def test_the_quick_ascii_fold_is_the_full_fold(text):
    assert matching.fold(text) == matching._fold_unicode(text)


# -- places -----------------------------------------------------------------------------
def test_places_match_once_case_and_punctuation_are_ignored():
    assert place_key("1 High St., Northampton") == place_key("1 high st  northampton")
    assert place_key("O'Neill's bar") == place_key("ONeills Bar")
    assert place_key("the park") != place_key("the parade")


def test_a_postcode_is_found_in_a_description_however_it_is_typed():
    assert postcodes("Flat 2, 28 Queen Street, LE4 7BD") == ["LE4 7BD"]
    assert postcodes("behind the shops at le47bd") == ["LE4 7BD"]
    assert postcodes("NN1 1AA or maybe NN11AA, near EC1A 1BB") == ["NN1 1AA", "EC1A 1BB"]
    # Road numbers and ordinals that look a little like postcodes are not postcodes.
    assert postcodes("the A45, 2nd exit, junction 15 of the M1") == []


# -- in the store -----------------------------------------------------------------------
def _concern(
    young_person: str,
    *,
    people: tuple[InvolvedPerson, ...] = (),
    vehicles: tuple[str, ...] = (),
    places: tuple[str, ...] = (),
    phones: tuple[str, ...] = (),
    usernames: tuple[str, ...] = (),
) -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime(2025, 6, 15, 18, 0, tzinfo=UTC),
        submitted_at=datetime(2025, 6, 15, 18, 10, tzinfo=UTC),
        young_person=YoungPerson(name=young_person, approximate_age=14),
        observations="Got into a silver car after the session.",
        people=list(people),
        vehicles=[Vehicle(registration=r, make="Ford Focus", colour="silver") for r in vehicles],
        places=[Place(description=p) for p in places],
        contacts=[OnlineContact(kind="phone", value=p) for p in phones]
        + [OnlineContact(kind="username", value=u, platform="Snapchat") for u in usernames],
    )


def _save(store, *concerns: Concern) -> list[str]:
    return [save_direct(store, c, NOW, screen=screen_concern).id for c in concerns]


def _young_person(store, concern_id: str) -> int:
    return store.query_one("SELECT young_person_id FROM concerns WHERE id = ?", (concern_id,))[0]


@pytest.fixture
def store(ready):
    ready.unlock(PASSPHRASE)
    return ready.require_store()


def test_the_same_silver_car_collecting_three_young_people(store):
    first, second, third, other = _save(
        store,
        _concern("Amy", vehicles=("AB12 CDE",)),
        _concern("Beth", vehicles=("ab12cde",)),
        _concern("Cara", vehicles=("AB-12 CDE",)),
        _concern("Dee", vehicles=("AB12 CDF",)),
    )
    (match,) = seen_elsewhere(store, first)
    assert (match.kind, match.key, match.how) == ("vehicle", "AB12CDE", SAME_REGISTRATION)
    assert match.concern_ids == tuple(sorted((second, third)))
    assert set(match.young_person_ids) == {
        _young_person(store, second),
        _young_person(store, third),
    }
    assert _young_person(store, first) not in match.young_person_ids
    assert (match.other_concerns, match.other_young_people) == (2, 2)
    assert seen_elsewhere(store, other) == []


def test_phone_numbers_and_usernames_across_concerns(store):
    first, second, third = _save(
        store,
        _concern("Amy", phones=("07700 900123",), usernames=("@Daz_99",)),
        _concern("Beth", phones=("+44 7700 900 123 (his)",), usernames=("daz_99",)),
        _concern("Cara", phones=("07700 900124",), usernames=("daz_98",)),
    )
    matches = {m.how: m for m in seen_elsewhere(store, first)}
    assert set(matches) == {SAME_PHONE, SAME_USERNAME}
    assert matches[SAME_PHONE].key == "07700900123"
    assert matches[SAME_PHONE].concern_ids == (second,)
    assert matches[SAME_USERNAME].key == "daz_99"
    assert matches[SAME_USERNAME].concern_ids == (second,)
    assert seen_elsewhere(store, third) == []


def test_people_and_places_across_concerns(store):
    first, second, third = _save(
        store,
        _concern(
            "Amy",
            people=(
                InvolvedPerson(name="Daniel Smith", nickname="Danny"),
                InvolvedPerson(name="Dan"),
            ),
            places=("Flat 2, 28 Queen Street, LE4 7BD", "the underpass"),
        ),
        _concern(
            "Beth",
            people=(InvolvedPerson(name="daniel  smith"),),
            places=("the chicken shop, le47bd", "The Underpass."),
        ),
        _concern("Cara", people=(InvolvedPerson(name="Jan"), InvolvedPerson(nickname="Danny"))),
    )
    found = {(m.kind, m.key, m.how): m.concern_ids for m in seen_elsewhere(store, first)}
    assert found == {
        ("person", "daniel smith", SAME_NAME): tuple(sorted((second, third))),
        ("place", "LE4 7BD", SAME_POSTCODE): (second,),
        ("place", "the underpass", SAME_PLACE): (second,),
    }
    # Third names "Danny" only as a nickname, and "Jan", who is not "Dan".
    found_third = {(m.kind, m.key, m.how): m.concern_ids for m in seen_elsewhere(store, third)}
    assert found_third == {("person", "danny", SAME_NAME): (first,)}


def test_similar_names_are_labelled_as_similar(store):
    first, second = _save(
        store,
        _concern("Amy", people=(InvolvedPerson(name="Mohammed Hussain"),)),
        _concern("Beth", people=(InvolvedPerson(name="Muhammad Husain"),)),
    )
    (match,) = seen_elsewhere(store, first)
    assert (match.key, match.how, match.concern_ids) == (
        "mohammed hussain",
        SIMILAR_NAME,
        (second,),
    )


def test_concerns_saved_after_the_first_look_are_found(store):
    (first,) = _save(
        store,
        _concern(
            "Amy",
            vehicles=("AB12 CDE",),
            places=("NN1 1AA",),
            people=(InvolvedPerson(name="Kyle Evans"),),
        ),
    )
    assert seen_elsewhere(store, first) == []
    (second,) = _save(
        store,
        _concern(
            "Beth",
            vehicles=("AB12CDE",),
            places=("nn11aa",),
            people=(InvolvedPerson(name="KYLE EVANS"),),
        ),
    )
    assert {m.kind for m in seen_elsewhere(store, first)} == {"vehicle", "place", "person"}
    assert all(m.concern_ids == (second,) for m in seen_elsewhere(store, first))


def test_a_changed_subject_is_seen_as_changed(store):
    first, second = _save(
        store,
        _concern("Amy", people=(InvolvedPerson(name="Kyle Evans"),)),
        _concern("Beth", people=(InvolvedPerson(name="Ryan Hall"),)),
    )
    assert seen_elsewhere(store, first) == []
    # Subjects are written once today; if that changes, the name keys must follow.
    with store.transaction():
        store.execute("UPDATE subjects SET name = 'Kyle Evans' WHERE concern_id = ?", (second,))
    assert [m.concern_ids for m in seen_elsewhere(store, first)] == [(second,)]
    with store.transaction():
        store.execute("DELETE FROM subjects WHERE concern_id = ?", (second,))
    assert seen_elsewhere(store, first) == []


def test_other_concerns_about_the_same_young_person(store):
    first, second, third = _save(
        store,
        _concern("Amy", vehicles=("AB12 CDE",)),
        _concern("Amy again", vehicles=("AB12CDE",)),
        _concern("Beth", vehicles=("ab12 cde",)),
    )
    amy = _young_person(store, first)
    # The lead has merged Amy's two records.
    with store.transaction():
        store.execute("UPDATE concerns SET young_person_id = ? WHERE id = ?", (amy, second))
    (match,) = seen_elsewhere(store, first)
    assert match.concern_ids == tuple(sorted((second, third)))
    assert match.young_person_ids == (_young_person(store, third),)
    (for_amy,) = seen_elsewhere_for_young_person(store, amy)
    assert for_amy.concern_ids == (third,)
    assert for_amy.young_person_ids == (_young_person(store, third),)


def test_unknown_concerns_and_empty_subjects_match_nothing(store):
    _save(
        store,
        _concern("Amy", vehicles=("",), places=("",), phones=("999",)),
        _concern("Beth", vehicles=("",), places=("",), phones=("999",)),
    )
    assert seen_elsewhere(store, "C-0000-0000") == []
    assert seen_elsewhere_for_young_person(store, 10_000) == []
    first = store.query_one("SELECT id FROM concerns ORDER BY rowid LIMIT 1")[0]
    assert seen_elsewhere(store, first) == []


def test_the_name_keys_live_only_in_memory_with_the_connection(ready):
    ready.unlock(PASSPHRASE)
    store = ready.require_store()
    (first,) = _save(store, _concern("Amy", people=(InvolvedPerson(name="Kyle Evans"),)))
    seen_elsewhere(store, first)
    assert store.query_all("SELECT name FROM sqlite_master WHERE name LIKE 'matching%'") == []
    assert store.query_one("SELECT count(*) FROM temp.matching_keys")[0] > 0
    ready.lock()
    ready.unlock(PASSPHRASE)
    store = ready.require_store()
    assert store.query_all("SELECT name FROM sqlite_temp_master") == []
    (second,) = _save(store, _concern("Beth", people=(InvolvedPerson(name="kyle evans"),)))
    assert [m.concern_ids for m in seen_elsewhere(store, first)] == [(second,)]
