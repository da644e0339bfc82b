"""The practice-mode feedback on how a concern was recorded (issue 16 item 1; cse-facts.md §5.3)."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from app.intake.concern.model import (
    Concern,
    IndicatorAnswer,
    InvolvedPerson,
    OnlineContact,
    Place,
    Vehicle,
    YoungPerson,
)
from app.screening.practice_cases import load_practice_cases, practice_concern
from app.screening.record_feedback import (
    LABELS,
    WORDINGS,
    FeedbackPoint,
    find_wording,
    record_feedback,
)

OWN = "The young person's own words"
SAW = "What you saw or heard"
DID = "What you did"


def good_concern(**changes) -> Concern:
    """A record written the way §5.3 asks: facts, the child's words in quotes, when, where,
    what was done, and the man and car described."""
    concern = Concern(
        id="PRACTICE",
        checklist_version=2,
        created_at=datetime(2026, 3, 5, 19, 30, tzinfo=UTC),
        young_person=YoungPerson(name="Practice only", approximate_age=14, gender="female"),
        happened_on=date(2026, 3, 5),
        happened_time="20:00",
        happened_where="The car park behind the church hall",
        how_known="young-person-told",
        own_words=(
            "\u201cHe'll go mad if I'm late. I have to go with him tonight, he says I owe "
            "him.\u201d"
        ),
        observations=(
            "At 8 pm Kayla kept checking her phone and looking out of the window. A grey "
            "car was waiting at the end of the car park with its engine running. The man "
            "driving waved at her to hurry up. She was crying when she picked up her bag."
        ),
        actions_taken=(
            "I phoned 999 at 20:05 and stayed with Kayla inside the hall. I told Sam, the "
            "designated lead, by phone at 20:15."
        ),
        people=[InvolvedPerson("", "", "White man, short dark hair, driving", "about 25")],
        vehicles=[Vehicle("AB12 CDE", "Ford", "grey", "engine running")],
        places=[Place("Car park behind the church hall")],
        contacts=[OnlineContact("phone", "07700 900123", "")],
        indicators=[IndicatorAnswer("T2-02", "within-6-months", "someone-else-told")],
    )
    return replace(concern, **changes)


def kinds(points: list[FeedbackPoint], field: str) -> list[str]:
    return [p.kind for p in points if p.field == field]


def wording(points: list[FeedbackPoint]) -> list[FeedbackPoint]:
    return [p for p in points if p.kind == "wording"]


def test_a_good_record_is_praised_and_has_nothing_to_change():
    points = record_feedback(good_concern())
    assert wording(points) == []
    assert [p for p in points if p.kind == "missing"] == []
    praised = {p.field for p in points if p.kind == "good"}
    assert {
        "Date it happened",
        "Where",
        OWN,
        SAW,
        DID,
        "People",
        "Vehicles",
        "Places",
        "Phone numbers and online names",
    } <= praised
    assert all(p.text and len(p.text) < 300 for p in points)


def test_fields_are_named_with_the_forms_own_labels():
    root = Path(__file__).resolve().parents[3]
    steps = (root / "ui" / "intake" / "concern_form" / "steps.py").read_text(encoding="utf-8")
    steps = steps.replace("&", "")
    for label in LABELS.values():
        assert f'"{label}"' in steps, label


# Each planted phrase: the words written, what must be quoted back, and a piece of the
# suggestion that must come with it.
PLANTED = [
    ("She is very promiscuous for her age.", "promiscuous", "Write what you saw"),
    ("I'm sure she's lying about where she was.", "she's lying", "side by side"),
    ("He was lying to his mum about the money.", "He was lying", "side by side"),
    ("She keeps putting herself at risk.", "putting herself at risk", "getting into a car"),
    ("He is putting himself at risk online.", "putting himself at risk", "getting into a car"),
    ("They are putting themselves at risk.", "putting themselves at risk", "getting into"),
    ("She consented to going to the flat.", "consented", "cannot consent"),
    ("It seemed consensual.", "consensual", "cannot consent"),
    ("This is attention seeking.", "attention seeking", "what you saw"),
    ("She was Attention-Seeking again.", "Attention-Seeking", "what you saw"),
    ("Some would say she was asking for it.", "asking for it", "Nobody asks"),
    ("Her friends say she is sleeping around.", "sleeping around", "with whom"),
    ("She is a child prostitute.", "child prostitute", "being sexually exploited"),
    ("Drawn into prostitution.", "prostitution", "being sexually exploited"),
    ("He called her a prostitute.", "prostitute", "being sexually exploited"),
    ("There has been sexting in the group.", "sexting", "sharing images"),
    ("I think she is scared of him.", "I think", "Say what you saw or heard"),
    ("I feel something is wrong at home.", "I feel", "Say what you saw or heard"),
    ("He is probably dealing.", "probably", "Say what you saw or heard"),
    ("Her boyfriend is 25 and drives.", "boyfriend", "an adult she calls her boyfriend"),
]


@pytest.mark.parametrize(("written", "quoted", "instead"), PLANTED)
def test_each_planted_phrase_is_pointed_out_kindly_with_what_to_write(written, quoted, instead):
    points = record_feedback(good_concern(observations=written))
    found = [p for p in wording(points) if p.field == SAW]
    assert len(found) == 1, found
    text = found[0].text
    assert f"'{quoted}'" in text  # quoted as written, capitals and all
    assert instead in text
    assert "Write" in text or "Say" in text  # always says what to do instead
    # Praise for facts is not given in the same breath as a wording point.
    assert "good" not in kinds(points, SAW)


def test_the_example_from_the_issue_reads_as_asked():
    [point] = wording(record_feedback(good_concern(observations="She is putting herself at risk.")))
    assert point.text == (
        "'putting herself at risk' can sound as if she is to blame. Write what happened "
        "instead, for example 'was seen getting into a car with two adult men'."
    )


def test_suggestions_use_the_young_persons_pronouns():
    boy = good_concern(
        young_person=YoungPerson(name="Practice only", approximate_age=15, gender="male"),
        observations="His girlfriend is in her 30s.",
    )
    [point] = wording(record_feedback(boy))
    assert "an adult he calls his girlfriend" in point.text
    unsaid = good_concern(
        young_person=YoungPerson(name="Practice only", approximate_age=15),
        observations="They were promiscuous.",
    )
    [point] = wording(record_feedback(unsaid))
    assert "as if they are to blame" in point.text


def test_matching_is_whole_words_and_any_case():
    assert find_wording("PROMISCUOUS") == [("promiscuous", "PROMISCUOUS")]
    # Inside other words is not a match.
    assert find_wording("The flying club; a sextingly odd word; unprobablyish") == []
    assert find_wording("I thinker") == []


def test_lying_down_is_where_someone_was_not_a_judgement():
    for text in (
        "She was lying on the floor.",
        "He was lying down in the back room.",
        "Found lying in the park at 11 pm.",
        "Her phone was lying there on the table.",
        "She lies on the sofa when she arrives.",
    ):
        assert find_wording(text) == [], text
    assert find_wording("She is lying about her age.") == [("lying", "She is lying")]


def test_the_words_of_a_child_or_someone_quoted_are_left_as_they_were_said():
    # The own-words field is never checked: slang and all, it is kept exactly as said.
    child = good_concern(own_words="\u201cI think I'm a liar, I consented, it was my choice.\u201d")
    assert wording(record_feedback(child)) == []
    # A quotation in the volunteer's notes is someone's words, recorded as said.
    quoted = good_concern(observations='Her friend said "she is lying, she is a prostitute".')
    assert wording(record_feedback(quoted)) == []


def test_boyfriend_is_pointed_out_only_when_the_other_person_is_an_adult():
    same_age = good_concern(
        observations="Her boyfriend is in her class at school.", indicators=[], people=[]
    )
    assert wording(record_feedback(same_age)) == []
    # The record says he is an adult elsewhere: the much-older-boyfriend sign is ticked.
    ticked = good_concern(observations="Her boyfriend picks her up.", people=[])
    assert [p.field for p in wording(record_feedback(ticked))] == [SAW]
    # Or a person in the record is an adult.
    aged = good_concern(observations="Her boyfriend picks her up.", indicators=[])
    assert [p.field for p in wording(record_feedback(aged))] == [SAW]
    # Already written the right way.
    right = good_concern(observations="An adult she calls her boyfriend, about 25, met her.")
    assert wording(record_feedback(right)) == []


def test_every_free_text_field_the_volunteer_writes_is_checked():
    concern = good_concern(
        happened_where="Outside the shop, where she was sleeping around",
        actions_taken="I think I told the lead.",
        people=[InvolvedPerson("", "", "Her pimp; she is a prostitute", "30")],
        vehicles=[Vehicle("", "", "", "Probably his")],
        places=[Place("The flat where she was putting herself at risk")],
        indicators=[
            IndicatorAnswer("T2-07", "within-6-months", "saw", details="sexting with a man")
        ],
        young_person=YoungPerson(
            name="Practice only",
            approximate_age=14,
            gender="female",
            needs_details="attention seeking",
            home_contact_unsafe_reason="Mum says she is lying",
        ),
    )
    fields = [p.field for p in wording(record_feedback(concern))]
    assert set(fields) == {
        "Where",
        DID,
        "People",
        "Vehicles",
        "Places",
        "Additional needs: details",
        "Why contacting home could be unsafe",
        "Details: Has been asked for, or has sent, nude or sexual images, or an image of "
        "them has been shared.",
    }


def test_one_point_per_kind_of_wording_per_field():
    points = record_feedback(
        good_concern(observations="I think she is lying. I think he is lying too. Probably.")
    )
    assert [p.text.split("'")[1] for p in wording(points)] == ["I think", "she is lying"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"own_words": ""}, OWN),
        ({"own_words": "   "}, OWN),
        ({"happened_on": None}, "Date it happened"),
        ({"happened_where": ""}, "Where"),
        ({"actions_taken": ""}, DID),
        ({"observations": ""}, SAW),
        ({"happened_time": ""}, "Time (if you know)"),
    ],
)
def test_each_thing_left_out_is_a_missing_point(changes, field):
    points = record_feedback(good_concern(**changes))
    assert kinds(points, field) == ["missing"]
    [point] = [p for p in points if p.kind == "missing"]
    assert point.field == field


def test_own_words_must_be_their_words_not_a_summary():
    summary = good_concern(own_words="She said that he gave her money and a phone.")
    assert kinds(record_feedback(summary), OWN) == ["missing"]
    [point] = [p for p in record_feedback(summary) if p.field == OWN]
    assert "in quotes" in point.text
    # Speech in the first person, not yet in quotes: good, with a nudge to add quotes.
    speech = good_concern(own_words="He said I owe him now")
    [point] = [p for p in record_feedback(speech) if p.field == OWN]
    assert point.kind == "good"
    assert "quotes" in point.text
    quoted = good_concern(own_words='"Leave it, it is fine"')
    assert kinds(record_feedback(quoted), OWN) == ["good"]


def test_people_vehicles_places_and_contacts_are_asked_for_when_the_story_mentions_them():
    bare = good_concern(people=[], vehicles=[], places=[], contacts=[])
    missing = {p.field for p in record_feedback(bare) if p.kind == "missing"}
    assert missing == {"People", "Vehicles", "Places", "Phone numbers and online names"}
    # Nothing mentioned, nothing asked for.
    quiet = good_concern(
        people=[],
        vehicles=[],
        places=[],
        contacts=[],
        own_words="\u201cI don't want to talk about it.\u201d",
        observations="She sat on her own all evening and did not join in.",
        happened_where="The main hall",
    )
    assert [p for p in record_feedback(quiet) if p.kind == "missing"] == []
    # A car park is a place, not a vehicle; where it happened is already in "Where".
    parked = replace(quiet, observations="She waited in the car park.", happened_where="A park")
    assert {p.field for p in record_feedback(parked) if p.kind == "missing"} == {"Places"}


def test_every_wording_has_a_reason_and_a_suggestion():
    for entry in WORDINGS:
        assert entry.why and entry.instead, entry.name
        assert "{found}" in entry.why, entry.name


def test_the_practice_cases_stories_run_through_the_checker(caplog):
    caplog.set_level(logging.DEBUG)
    for case in load_practice_cases():
        concern = practice_concern(case, date(2026, 3, 5), 2)
        # The story as a volunteer might paste it: in every free-text box at once.
        concern.observations = case.story
        concern.own_words = case.story
        concern.actions_taken = case.why
        concern.happened_where = case.title
        for answer in concern.indicators:
            answer.details = case.story
        points = record_feedback(concern)
        assert points, case.id
        assert all(p.kind in {"good", "missing", "wording"} for p in points)
        # The made-up cases never use blaming words (practice_cases checks that too);
        # only an adult "boyfriend" told in the story's own words, or an opinion, may be
        # pointed out when a story is pasted in as if it were the volunteer's record.
        flagged = [
            p.text
            for p in wording(points)
            if "gives your opinion" not in p.text and "calls her boyfriend" not in p.text
        ]
        assert flagged == [], (case.id, flagged)
    # Nothing the volunteer wrote reaches a log.
    assert caplog.records == []
