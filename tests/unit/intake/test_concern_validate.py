"""The checks on a concern: said at the field, in plain words, never changing anything."""

import copy
from datetime import UTC, date, datetime

import pytest

from app.intake.concern.model import (
    LIMITS,
    Concern,
    IndicatorAnswer,
    InvolvedPerson,
    OnlineContact,
    Place,
    Vehicle,
    YoungPerson,
)
from app.intake.concern.validate import (
    AGE_CSE_COVERS,
    FIELD_KINDS,
    is_adult,
    length_hint,
    problems,
)

TODAY = date(2025, 6, 15)
CANARY = "CANARYxValidx51"


def make_concern(**changes) -> Concern:
    """A complete, sendable concern; `changes` replace top-level fields."""
    values = dict(
        id="C-7K2Q-M9XD",
        checklist_version=1,
        created_at=datetime(2025, 6, 15, 9, 30, tzinfo=UTC),
        young_person=YoungPerson(name="Jade Smith", date_of_birth=date(2010, 3, 1)),
        happened_on=date(2025, 6, 14),
        happened_time="19:30",
        own_words="He said I owe him.",
        recorder_name="Pat Volunteer",
        people=[InvolvedPerson(name="Daz", approximate_age="about 25")],
        vehicles=[Vehicle(registration="AB12 CDE", colour="black")],
        places=[Place(description="the underpass by the station")],
        contacts=[OnlineContact(kind="username", value="daz99", platform="Snapchat")],
        indicators=[IndicatorAnswer(indicator_id="S07", details="New phone and trainers")],
    )
    values.update(changes)
    return Concern(**values)


def person(**changes) -> YoungPerson:
    values = dict(name="Jade Smith", date_of_birth=date(2010, 3, 1))
    values.update(changes)
    return YoungPerson(**values)


def test_a_complete_concern_has_no_problems():
    assert problems(make_concern(), TODAY) == {}


def test_validation_changes_nothing():
    concern = make_concern(
        young_person=person(name="x" * 500, approximate_age=99),
        own_words="bad\x07bell",
        happened_on=date(2030, 1, 1),
        status="nonsense",
    )
    before = copy.deepcopy(concern)
    assert problems(concern, TODAY)
    assert concern == before


# -- required answers -------------------------------------------------------------------
def test_a_name_or_a_known_as_name_is_needed():
    found = problems(make_concern(young_person=person(name="", known_as="")), TODAY)
    assert found == {
        "young_person.name": "Enter the young person's name, or a name they are known by."
    }
    assert problems(make_concern(young_person=person(name="", known_as="JJ")), TODAY) == {}
    # Spaces alone are not a name.
    assert "young_person.name" in problems(
        make_concern(young_person=person(name="   ", known_as="\t")), TODAY
    )


def test_what_happened_needs_own_words_or_observations():
    found = problems(make_concern(own_words="", observations=""), TODAY)
    assert found == {
        "own_words": "Enter what happened: the young person's own words, or what you saw or heard."
    }
    assert problems(make_concern(own_words="", observations="Got into a car."), TODAY) == {}
    assert problems(make_concern(own_words="Leave it.", observations=""), TODAY) == {}


def test_the_recorders_name_is_needed():
    found = problems(make_concern(recorder_name=" "), TODAY)
    assert found == {
        "recorder_name": "Enter your name, so the designated lead can ask you about this."
    }


@pytest.mark.parametrize(
    "status", ["incomplete-timed-out", "incomplete-locked", "incomplete-closed"]
)
def test_an_incomplete_concern_is_never_refused_for_what_it_lacks(status):
    empty = Concern(
        id="C-7K2Q-M9XD",
        checklist_version=1,
        created_at=datetime(2025, 6, 15, tzinfo=UTC),
        status=status,
        people=[InvolvedPerson()],
    )
    assert problems(empty, TODAY) == {}


def test_only_missing_answers_start_with_enter():
    # The form holds "Enter …" messages back until Send, so no other message may.
    concern = make_concern(
        young_person=person(
            name="x" * 200,
            date_of_birth=date(2030, 1, 1),
            approximate_age=40,
            needs=("telepathy",),
        ),
        happened_on=date(2030, 1, 1),
        happened_time="7pm",
        own_words="\x00",
        recorder_name="a\nb",
        how_known="guessed",
        indicators=[IndicatorAnswer("S1"), IndicatorAnswer("S1")],
    )
    found = problems(concern, TODAY)
    assert len(found) >= 8
    assert not [m for m in found.values() if m.startswith(("Enter ", "Give "))]


# -- dates and ages ---------------------------------------------------------------------
def test_the_day_it_happened_cannot_be_in_the_future():
    found = problems(make_concern(happened_on=date(2025, 6, 16)), TODAY)
    assert found == {"happened_on": "This date is in the future. Check the day it happened."}
    young = person(date_of_birth=date(2011, 1, 1))
    assert problems(make_concern(happened_on=TODAY, young_person=young), TODAY) == {}


def test_a_date_of_birth_cannot_be_in_the_future():
    found = problems(
        make_concern(young_person=person(date_of_birth=date(2026, 1, 1)), happened_on=None),
        TODAY,
    )
    assert found == {
        "young_person.date_of_birth": "This date of birth is in the future. Check the year."
    }


def test_a_date_of_birth_after_the_event_is_impossible():
    found = problems(
        make_concern(
            young_person=person(date_of_birth=date(2024, 5, 1)), happened_on=date(2024, 4, 1)
        ),
        TODAY,
    )
    assert found == {
        "young_person.date_of_birth": "This date of birth is after the day it happened. "
        "Check both dates."
    }


def test_a_date_of_birth_older_than_25_is_questioned_with_the_age():
    found = problems(make_concern(young_person=person(date_of_birth=date(1995, 6, 1))), TODAY)
    assert found == {
        "young_person.date_of_birth": "This date of birth makes them 30 today. The toolkit "
        "is for young people up to 25: check the year."
    }
    # 25 is still in range (care leavers and young people with SEND).
    at_25 = person(date_of_birth=date(2000, 1, 1))
    assert problems(make_concern(young_person=at_25), TODAY) == {}


@pytest.mark.parametrize("age, ok", [(-1, False), (0, True), (14, True), (25, True), (26, False)])
def test_approximate_age_is_from_0_to_25(age, ok):
    found = problems(
        make_concern(young_person=person(date_of_birth=None, approximate_age=age)), TODAY
    )
    if ok:
        assert found == {}
    else:
        assert found == {
            "young_person.approximate_age": "An age must be a whole number from 0 to 25."
        }


@pytest.mark.parametrize(
    "typed, ok",
    [
        ("", True),
        ("00:00", True),
        ("19:30", True),
        ("23:59", True),
        ("24:00", False),
        ("7pm", False),
        ("7:30", False),
        ("19.30", False),
    ],
)
def test_the_time_is_hours_and_minutes(typed, ok):
    found = problems(make_concern(happened_time=typed), TODAY)
    assert ("happened_time" not in found) is ok
    if not ok:
        assert "like 19:30" in found["happened_time"]


# -- text -------------------------------------------------------------------------------
FIELD_SAMPLES = [
    ("young_person.name", "short", lambda t: make_concern(young_person=person(name=t))),
    ("people.0.name", "short", lambda t: make_concern(people=[InvolvedPerson(name=t)])),
    (
        "vehicles.0.registration",
        "short",
        lambda t: make_concern(vehicles=[Vehicle(registration=t)]),
    ),
    ("recorder_role", "short", lambda t: make_concern(recorder_role=t)),
    ("young_person.address", "medium", lambda t: make_concern(young_person=person(address=t))),
    ("places.0.description", "medium", lambda t: make_concern(places=[Place(description=t)])),
    (
        "people.0.description",
        "medium",
        lambda t: make_concern(people=[InvolvedPerson(description=t)]),
    ),
    ("own_words", "long", lambda t: make_concern(own_words=t)),
    ("observations", "long", lambda t: make_concern(observations=t)),
    ("actions_taken", "long", lambda t: make_concern(actions_taken=t)),
    (
        "indicators.0.details",
        "long",
        lambda t: make_concern(indicators=[IndicatorAnswer("S07", details=t)]),
    ),
]


@pytest.mark.parametrize("key, kind, build", FIELD_SAMPLES, ids=[s[0] for s in FIELD_SAMPLES])
def test_text_limits_are_stated_in_the_message(key, kind, build):
    limit = LIMITS[kind]
    assert problems(build("y" * limit), TODAY) == {}
    found = problems(build("y" * (limit + 1)), TODAY)
    assert found == {key: f"Keep this to {limit:,} characters or fewer (it has {limit + 1:,})."}


def test_every_text_field_of_the_model_has_a_size():
    concern = make_concern(
        people=[InvolvedPerson()],
        vehicles=[Vehicle()],
        places=[Place()],
        contacts=[OnlineContact()],
        indicators=[IndicatorAnswer("S01")],
    )
    from app.intake.concern.validate import _walk, pattern_of

    strings = {pattern_of(k) for k, v in _walk(concern, "") if isinstance(v, str)}
    choices = {
        "status",
        "source",
        "about_adult",
        "how_known",
        "happened_time",
        "computed_tier",
        "id",
        "contacts.*.kind",
        "indicators.*.when_last_seen",
        "indicators.*.how_known",
        "indicators.*.indicator_id",
    }
    assert strings - choices == set(FIELD_KINDS)


@pytest.mark.parametrize("hidden", ["\x00", "\x07", "\x1b", "\r", "\x7f", "\x85"])
def test_hidden_characters_are_refused(hidden):
    found = problems(make_concern(young_person=person(name=f"Jade{hidden}")), TODAY)
    assert found == {"young_person.name": "Remove line breaks and other hidden characters."}
    found = problems(make_concern(own_words=f"He said{hidden} go"), TODAY)
    assert found == {
        "own_words": "Remove hidden characters (they can come with text pasted from elsewhere)."
    }


def test_line_breaks_and_tabs_are_fine_in_long_text_only():
    assert problems(make_concern(own_words="Line one\n\tLine two\n"), TODAY) == {}
    assert "young_person.name" in problems(make_concern(young_person=person(name="A\nB")), TODAY)
    assert "young_person.address" in problems(
        make_concern(young_person=person(address="1 High St\tTown")), TODAY
    )


def test_a_message_never_quotes_what_was_typed():
    found = problems(
        make_concern(young_person=person(name=CANARY * 20), own_words=CANARY + "\x01"),
        TODAY,
    )
    assert len(found) == 2
    assert not [m for m in found.values() if CANARY in m]


@pytest.mark.parametrize(
    "name",
    [
        "Zofia Wójcik-Łukasiewicz",  # Polish
        "فاطمة الزهراء",  # Arabic
        "عائشہ خان",  # Urdu
        "می\u200cخواهم",  # a zero-width non-joiner, as Urdu and Persian names use
        "王小明",  # Chinese
        "Siân O'Neill",
        "Nguyễn Thị Minh Khai",
    ],
)
def test_names_in_any_script_are_fine(name):
    concern = make_concern(
        young_person=person(name=name, known_as=name),
        people=[InvolvedPerson(name=name, nickname=name)],
        recorder_name=name,
        own_words=name,
    )
    assert problems(concern, TODAY) == {}


# -- choices ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "key, build",
    [
        ("status", lambda: make_concern(status="sent")),
        ("source", lambda: make_concern(source="email")),
        ("how_known", lambda: make_concern(how_known="heard")),
        ("computed_tier", lambda: make_concern(computed_tier="4")),
        (
            "young_person.needs.1",
            lambda: make_concern(young_person=person(needs=("autism", "ADHD"))),
        ),
        (
            "contacts.0.kind",
            lambda: make_concern(contacts=[OnlineContact(kind="email", value="a@b")]),
        ),
        (
            "indicators.0.when_last_seen",
            lambda: make_concern(indicators=[IndicatorAnswer("S01", when_last_seen="last week")]),
        ),
        (
            "indicators.0.how_known",
            lambda: make_concern(indicators=[IndicatorAnswer("S01", how_known="")]),
        ),
    ],
)
def test_choices_must_be_the_models(key, build):
    assert problems(build(), TODAY) == {key: "Choose one of the answers offered."}


def test_every_choice_the_model_offers_is_accepted():
    from app.intake.concern.model import HOW_KNOWN, NEEDS, WHEN_LAST_SEEN

    concern = make_concern(
        young_person=person(needs=NEEDS),
        contacts=[
            OnlineContact(kind="phone", value="07700 900123"),
            OnlineContact(kind="username", value="x"),
        ],
        indicators=[
            IndicatorAnswer(f"S{i}{j}", when_last_seen=w, how_known=h)
            for i, w in enumerate(WHEN_LAST_SEEN)
            for j, h in enumerate(HOW_KNOWN)
        ],
        danger=("X01", "X05"),
        computed_tier="X",
        source="direct",
    )
    assert problems(concern, TODAY) == {}


def test_checklist_answers_must_be_known_items_answered_once():
    found = problems(make_concern(danger=("X01", "")), TODAY)
    assert found == {"danger": "A checklist answer is not one this version knows."}
    found = problems(make_concern(indicators=[IndicatorAnswer("S1"), IndicatorAnswer("S1")]), TODAY)
    assert found == {"indicators": "A checklist sign is answered twice."}


# -- helpers for the form ---------------------------------------------------------------
def test_length_hint_by_kind_or_by_field():
    assert [length_hint(k) for k in ("short", "medium", "long")] == [120, 500, 10_000]
    assert length_hint("own_words") == 10_000
    assert length_hint("people.3.name") == 120
    assert length_hint("young_person.address") == 500
    with pytest.raises(KeyError):
        length_hint("nonsense")


def test_is_adult_at_18():
    assert AGE_CSE_COVERS == 18
    day = date(2025, 6, 15)
    turns_18_today = make_concern(
        young_person=person(date_of_birth=date(2007, 6, 15)), happened_on=day
    )
    turns_18_tomorrow = make_concern(
        young_person=person(date_of_birth=date(2007, 6, 16)), happened_on=day
    )
    assert is_adult(turns_18_today, day)
    assert not is_adult(turns_18_tomorrow, day)
    unknown = make_concern(young_person=person(date_of_birth=None))
    assert not is_adult(unknown, day)
    guessed = make_concern(young_person=person(date_of_birth=None, approximate_age=19))
    assert is_adult(guessed, day)


def test_is_adult_goes_by_the_day_it_happened():
    # 17 when it happened, 18 now: still a child in what was recorded.
    concern = make_concern(
        young_person=person(date_of_birth=date(2007, 1, 1)), happened_on=date(2024, 12, 31)
    )
    assert not is_adult(concern, date(2025, 6, 15))
    concern.happened_on = None
    assert is_adult(concern, date(2025, 6, 15))


def test_the_tiers_are_the_screening_rules():
    from app.intake.concern.validate import COMPUTED_TIERS
    from app.screening.checklist import TIER_ORDER

    assert set(COMPUTED_TIERS) == set(TIER_ORDER)


@pytest.mark.parametrize(
    ("found", "message"),
    [
        (date(2025, 6, 16), "This date is in the future. Check the day you found out."),
        (date(1925, 6, 1), "This is before the young person was born. Check the year."),
    ],
)
def test_a_found_out_date_that_cannot_be_right_is_said_at_its_row(found, message):
    concern = make_concern(
        indicators=[
            IndicatorAnswer("T1-01"),
            IndicatorAnswer("T2-01", "not-known", found_out_on=found),
        ]
    )
    assert problems(concern, date(2025, 6, 15)) == {"indicators.1.found_out_on": message}


def test_a_found_out_date_on_the_day_of_birth_or_later_is_fine():
    concern = make_concern(
        indicators=[IndicatorAnswer("T2-01", "not-known", found_out_on=date(2010, 3, 1))]
    )
    assert problems(concern, date(2025, 6, 15)) == {}
