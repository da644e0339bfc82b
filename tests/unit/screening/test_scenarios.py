"""The screening scenario suite (issue 11, build 9): every vignette in `vignettes.py`
screened as a whole concern, through `screen_concern`, the way the form, a letter being
imported and the lead's review all screen one.

Each vignette is checked three ways: the tier; the actions (999, referral, LADO route,
NRM note, "sexually exploited" or "may be being exploited"); and the words (plain
reasons with no item codes, never "concern form", the lead told by the right time). The
property tests at the end promise the same for any answers, any age and any date.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.intake.concern.model import (
    ABOUT_ADULT,
    NEEDS,
    WHEN_LAST_SEEN,
    Concern,
    IndicatorAnswer,
    YoungPerson,
)
from app.screening import vocabulary as vocab
from app.screening.checklist import load_checklist
from app.screening.rules import ScreeningResult, screen_concern

from .vignettes import (
    ACT_NOW,
    EARLY_WARNING,
    NEVER_DECAY,
    SERIOUS,
    SIGNIFICANT,
    VIGNETTES,
    Find,
    Vignette,
)

CHECKLIST = load_checklist()  # the latest version, the one the form uses
ITEMS = {item.id: item for item in CHECKLIST.indicators}
RANK = {tier: n for n, tier in enumerate(vocab.TIER_ORDER)}
# An item code a volunteer must never see (issue 11, build 8).
CODE = re.compile(r"\b(T[123]-\d\d|V\d\d|X\d\d)\b")
# "Tell your designated lead today." / "Then tell your designated lead straight away." /
# "Tell the deputy lead or the designated trustee today, not the designated lead."
TELL = re.compile(
    r"^(?:then )?tell (your designated lead|the deputy lead or the "
    r"designated trustee)\b(.*)$",
    re.IGNORECASE,
)
SPEED = {vocab.STRAIGHT_AWAY: 0, vocab.TODAY: 1, vocab.ONE_WORKING_DAY: 2}
SPEED_WORDS = {0: vocab.STRAIGHT_AWAY, 1: vocab.TODAY, 2: vocab.ONE_WORKING_DAY}
DEPUTY = "the deputy lead or the designated trustee"


# -- building a concern as the form would ----------------------------------------------
def resolve(item: str | Find) -> str:
    """A checklist id; an item given by meaning is looked up in the loaded checklist."""
    if isinstance(item, str):
        assert item in ITEMS, f"{item} is not in checklist version {CHECKLIST.version}"
        return item
    found = [
        i
        for i in CHECKLIST.indicators
        if i.exploitation == item.exploitation and all(w in i.text.lower() for w in item.words)
    ]
    if not found:
        pytest.fail(
            f"Checklist version {CHECKLIST.version} has no {item} (issue 11, build "
            f"4: criminal exploitation and county lines items, §3.8)."
        )
    # The strongest such sign: the situations describe the clearest case.
    return max(found, key=lambda i: RANK[i.tier]).id


def concern_for(v: Vignette, *, gender: str | None = None) -> Concern:
    day = v.recorded_on
    person = YoungPerson(
        name="Test Person",
        date_of_birth=v.born,
        approximate_age=None if v.born else v.age,
        gender=v.gender if gender is None else gender,
        needs=v.needs,
    )
    answers = [
        IndicatorAnswer(
            resolve(t.item),
            when_last_seen=t.when,
            how_known=t.how,
            found_out_on=None if t.found_out is None else day - timedelta(days=t.found_out),
        )
        for t in v.ticks
    ]
    return Concern(
        id="C-TEST-0001",
        checklist_version=CHECKLIST.version,
        created_at=datetime.combine(day, time(19, 30), tzinfo=UTC),
        danger=v.danger,
        about_adult=v.about_adult,
        young_person=person,
        happened_on=v.happened_on,
        indicators=answers,
    )


def screen(v: Vignette, *, gender: str | None = None) -> ScreeningResult:
    return screen_concern(concern_for(v, gender=gender), record_needs=v.record_needs)


def about(v: Vignette, r: ScreeningResult) -> str:
    """What a failure prints: the situation, where the expectation comes from, and what
    the engine said."""
    return (
        f"\n  situation: {v.situation}\n  source: {v.source}\n  got tier {r.tier!r}: "
        f"{r.label}\n  reasons: {list(r.reasons)}\n  volunteer: "
        f"{list(r.volunteer_actions)}\n  lead: {list(r.lead_actions)}"
    )


def ids(v: Vignette) -> str:
    return v.name


# -- the vignettes themselves ----------------------------------------------------------
def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def test_there_are_at_least_40_vignettes_each_with_a_situation_and_a_source():
    assert len(VIGNETTES) >= 40
    names = [v.name for v in VIGNETTES]
    assert len(names) == len(set(names)), "vignette names must be unique"
    for v in VIGNETTES:
        assert v.situation.strip().endswith("."), v.name
        assert "§" in v.source or "issue 11" in v.source, v.name


@pytest.mark.parametrize("v", VIGNETTES, ids=ids)
def test_each_vignette_says_the_same_thing_twice(v):
    """The expectations agree with each other, so a typo in a vignette cannot pass."""
    e = v.expect
    if v.born is not None:
        assert age_on(v.born, v.happened_on or v.recorded_on) == v.age
    assert e.call_999 == (e.tier == ACT_NOW)
    assert e.lado == (v.about_adult != "no")
    if e.always_refer is not None:
        assert e.refer == (e.tier in (ACT_NOW, SERIOUS) or e.always_refer)
    assert v.about_adult in ABOUT_ADULT
    assert set(v.needs) | set(v.record_needs) <= set(NEEDS)
    assert all(t.when in WHEN_LAST_SEEN for t in v.ticks)


def test_the_coverage_the_issue_asks_for():
    """Issue 11, build 9, and the brief: the situations a lead would expect to see."""
    disclosures = {
        (v.age, t.when) for v in VIGNETTES for t in v.ticks if t.item in ("T3-01", "T3-02", "T3-03")
    }
    for age in (12, 15, 17):
        for when in WHEN_LAST_SEEN:
            assert (age, when) in disclosures, (age, when)
    for item in ("T3-08", "T3-12", "T3-13"):
        assert {t.when for v in VIGNETTES for t in v.ticks if t.item == item} == set(
            WHEN_LAST_SEEN
        ), item
    assert any(v.about_adult == "staff" for v in VIGNETTES)
    assert any(v.about_adult == "lead" for v in VIGNETTES)
    assert any(v.expect.nrm for v in VIGNETTES)
    assert {n for v in VIGNETTES for n in (*v.needs, *v.record_needs)} == set(NEEDS)
    assert sum("gender pair" in v.tags for v in VIGNETTES) == 2


# -- the tier ---------------------------------------------------------------------------
@pytest.mark.parametrize("v", VIGNETTES, ids=ids)
def test_the_tier(v):
    r = screen(v)
    assert r.tier == v.expect.tier, f"expected {vocab.label(v.expect.tier)!r}" + about(v, r)
    assert r.label == vocab.label(r.tier)
    assert r.checklist_version == CHECKLIST.version


# -- the actions ------------------------------------------------------------------------
@pytest.mark.parametrize("v", VIGNETTES, ids=ids)
def test_the_actions(v):
    e, r = v.expect, screen(v)
    said = about(v, r)
    volunteer, lead = r.volunteer_actions, r.lead_actions

    # 999: the volunteer calls it for an act-now answer, and only then (§8.4).
    calls = any(a.lower().startswith("call 999") for a in volunteer)
    assert calls == e.call_999, f"call 999 expected {e.call_999}" + said

    # Children's social care: every Act now and Serious result, or the always-refer rule.
    refers = r.tier in (ACT_NOW, SERIOUS) or r.always_refer
    assert refers == e.refer, f"referral expected {e.refer}" + said
    if e.always_refer is not None:
        assert r.always_refer == e.always_refer, f"always_refer expected {e.always_refer}" + said
    if r.always_refer:
        assert vocab.ALWAYS_REFER_ACTION in (*lead, *volunteer), said
    if r.tier in (ACT_NOW, SERIOUS):
        assert any("children's social care" in a for a in lead), said

    # The LADO route (§8.3 rule 8), whatever the tier.
    text = " ".join((*volunteer, *lead, *r.reasons))
    assert r.lado == e.lado and r.about_adult == v.about_adult, said
    if e.lado:
        assert any("LADO" in a and vocab.ONE_WORKING_DAY in a for a in volunteer), (
            "the volunteer is not told the LADO must hear within 1 working day" + said
        )
        assert any("LADO" in a and vocab.ONE_WORKING_DAY in a for a in lead), said
        assert any(
            a.lower().startswith("do not tell") and "question" in a.lower() for a in volunteer
        ), "the volunteer is not told to leave the adult untold and unquestioned" + said
        assert any("LADO" in s for s in r.reasons), "the reasons do not say why" + said
    else:
        assert "LADO" not in text, said

    # The NRM note for criminal exploitation (§3.8), for the lead.
    assert r.nrm == e.nrm, f"nrm expected {e.nrm}" + said
    shown = (*lead, *r.notes)
    assert (vocab.NRM_NOTE in shown) == e.nrm, said

    # Sexual, or "may be being exploited" (issue 11, build 4).
    if e.sexual is not None:
        words = vocab.TIERS[r.tier]
        assert r.sexual == e.sexual, f"sexual expected {e.sexual}" + said
        assert r.meaning == (words.meaning if e.sexual else words.meaning_any), said
        if not e.sexual:
            assert "sexual" not in f"{r.label} {r.meaning}".lower(), (
                "a sign that is not sexual is called sexual exploitation" + said
            )

    # Older signs: shown as history, never a disclosure or never-decaying item.
    assert set(e.history_only) <= set(r.history_only), said
    assert not {resolve(t.item) for t in v.ticks} & NEVER_DECAY & set(r.history_only), said

    # The result says why.
    reasons = " ".join(r.reasons).lower()
    for word in e.reason_words:
        assert word.lower() in reasons, f"the reasons do not mention {word!r}" + said


# -- the words --------------------------------------------------------------------------
def tell_lines(actions: tuple[str, ...]) -> list[tuple[str, int | None, str]]:
    """(whom, how soon, the line) for each line telling the volunteer whom to tell."""
    out = []
    for line in actions:
        m = TELL.match(line)
        if m:
            speeds = [s for phrase, s in SPEED.items() if phrase in m.group(2)]
            out.append((m.group(1).lower(), min(speeds) if speeds else None, line))
    return out


def check_words(r: ScreeningResult, about_adult: str, ticked: bool, said: str) -> None:
    """The promises every result keeps, whatever the answers."""
    for sentence in r.reasons:
        assert not CODE.search(sentence), f"item code in a reason: {sentence!r}" + said
        assert sentence.strip() and sentence.rstrip().endswith((".", "?", "!", ")")), (
            f"not a plain sentence: {sentence!r}" + said
        )
    if r.tier != "none" or about_adult != "no" or ticked:
        assert r.reasons, "the result does not say why" + said
    for line in (*r.volunteer_actions, r.label, r.meaning):
        assert not CODE.search(line), f"item code shown to the volunteer: {line!r}" + said
    for line in r.volunteer_actions:
        assert "concern form" not in line.lower(), f"'concern form' in {line!r}" + said
    for note in vocab.NOTES_ALWAYS:
        assert note in r.notes, said

    # Whom the volunteer tells, and by when (§8.4 as corrected; §8.3 rule 8).
    lines = tell_lines(r.volunteer_actions)
    lado = about_adult != "no"
    need = {ACT_NOW: 0, SERIOUS: 0, SIGNIFICANT: 1, EARLY_WARNING: 2}.get(r.tier)
    if lado:
        need = 1 if need is None else min(need, 1)
    if about_adult == "lead":
        assert lines and all(who == DEPUTY for who, _, _ in lines), (
            "a worry about the designated lead must go to the deputy or the designated "
            "trustee, never to the lead" + said
        )
    else:
        assert all(who != DEPUTY for who, _, _ in lines), said
    if need is not None:
        speeds = [s for _, s, _ in lines if s is not None]
        whom = "the deputy" if about_adult == "lead" else "the lead"
        assert speeds and min(speeds) <= need, (
            f"the volunteer must be told to tell {whom} {SPEED_WORDS[need]}" + said
        )
    if not (r.tier == EARLY_WARNING and not lado):
        slow = [line for _, s, line in lines if s == 2]
        assert not slow, (
            f"'{vocab.ONE_WORKING_DAY}' is only for Early warning with no "
            f"worry about an adult: {slow}" + said
        )


@pytest.mark.parametrize("v", VIGNETTES, ids=ids)
def test_the_words(v):
    r = screen(v)
    check_words(r, v.about_adult, bool(v.ticks or v.danger), about(v, r))


def test_a_boy_and_a_girl_in_the_same_situation_get_the_same_result():
    """§3.5: never lower a rating because the child is male; the result never depends on
    gender."""
    girl, boy = (v for v in VIGNETTES if "gender pair" in v.tags)
    assert (girl.ticks, girl.age, girl.needs) == (boy.ticks, boy.age, boy.needs)
    a, b = screen(girl), screen(boy)
    assert (a.tier, a.reasons, a.volunteer_actions, a.lead_actions, a.meaning, a.always_refer) == (
        b.tier,
        b.reasons,
        b.volunteer_actions,
        b.lead_actions,
        b.meaning,
        b.always_refer,
    )


def test_the_checklist_never_lets_the_facts_never_decay_items_decay():
    """§8.3 rule 2 as corrected: the file agrees with the facts' list, and every item in
    the disclosure domain never decays."""
    for item_id in NEVER_DECAY:
        assert ITEMS[item_id].decays is False, item_id
    for item in CHECKLIST.indicators:
        if item.domain == "disclosure" or item.tier == ACT_NOW:
            assert item.decays is False, item.id


# -- properties: any answers, any age, any date ----------------------------------------
NON_X = sorted(i.id for i in CHECKLIST.indicators if i.tier != ACT_NOW)
X_IDS = sorted(i.id for i in CHECKLIST.indicators if i.tier == ACT_NOW)
# Never decays by the facts (§8.3), by the file's own flag, or as a disclosure.
STEADY = sorted(
    NEVER_DECAY | {i.id for i in CHECKLIST.indicators if not i.decays or i.domain == "disclosure"}
)

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))
answers = st.lists(
    st.tuples(
        st.sampled_from(NON_X),
        st.sampled_from(WHEN_LAST_SEEN),
        st.one_of(st.none(), st.integers(0, 4000)),
    ),
    max_size=8,
    unique_by=lambda a: a[0],
)
ages = st.one_of(st.none(), st.integers(0, 17))
needs_sets = st.lists(st.sampled_from(NEEDS), unique=True).map(tuple)
genders = st.sampled_from(["", "female", "male", "non-binary", "prefers not to say"])


@st.composite
def concerns(draw, *, steady: bool = False) -> tuple[Concern, str]:
    """A whole concern as a volunteer might record it; with `steady`, it includes an item
    that never decays, and the tier that item must at least give."""
    day = draw(days)
    ticks = draw(answers)
    danger = tuple(draw(st.lists(st.sampled_from(X_IDS), unique=True, max_size=2)))
    floor = "none"
    if steady:
        item_id = draw(st.sampled_from(STEADY))
        floor = ITEMS[item_id].tier
        if floor == ACT_NOW:
            danger = tuple(dict.fromkeys((*danger, item_id)))
        else:
            ticks = [t for t in ticks if t[0] != item_id]
            ticks.append(
                (
                    item_id,
                    draw(st.sampled_from(WHEN_LAST_SEEN)),
                    draw(st.one_of(st.none(), st.integers(0, 4000))),
                )
            )
    age = draw(ages)
    born = None
    if age is not None and draw(st.booleans()):
        born = day - timedelta(days=int(age * 365.25) + draw(st.integers(1, 360)))
        age = None
    happened = draw(st.one_of(st.none(), st.integers(0, 3650)))
    concern = Concern(
        id="C-PROP-0001",
        checklist_version=CHECKLIST.version,
        created_at=datetime.combine(day, time(21, 0), tzinfo=UTC),
        danger=danger,
        about_adult=draw(st.sampled_from(ABOUT_ADULT)),
        young_person=YoungPerson(
            date_of_birth=born, approximate_age=age, gender=draw(genders), needs=draw(needs_sets)
        ),
        happened_on=None if happened is None else day - timedelta(days=happened),
        indicators=[
            IndicatorAnswer(
                i, when_last_seen=w, found_out_on=None if f is None else day - timedelta(days=f)
            )
            for i, w, f in ticks
        ],
    )
    return concern, floor


def with_(concern: Concern, **changes: object) -> Concern:
    person = {
        k: v
        for k, v in changes.items()
        if k in ("needs", "gender", "approximate_age", "date_of_birth")
    }
    rest = {k: v for k, v in changes.items() if k not in person}
    young = YoungPerson(**{**concern.young_person.__dict__, **person})
    return Concern(**{**concern.__dict__, "young_person": young, **rest})


def said_for(c: Concern, r: ScreeningResult) -> str:
    return (
        f"\n  concern: age {c.young_person.approximate_age} born "
        f"{c.young_person.date_of_birth} needs {c.young_person.needs} about "
        f"{c.about_adult} danger {c.danger} recorded {c.created_at.date()} happened "
        f"{c.happened_on}\n  ticks: "
        f"{[(a.indicator_id, a.when_last_seen, a.found_out_on) for a in c.indicators]}"
        f"\n  got {r.tier!r}: {list(r.reasons)}\n  volunteer: {list(r.volunteer_actions)}"
    )


PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow  # 300 examples
@PROPERTY
@given(concerns(steady=True))
def test_no_never_decaying_item_gives_less_than_its_own_tier(case):
    """Issue 11, 'done when': no disclosure or never-decaying item can produce a result
    below its own tier, at any age, with any dates, whatever else is ticked."""
    concern, floor = case
    r = screen_concern(concern)
    assert RANK[r.tier] >= RANK[floor], said_for(concern, r)
    steady = {a.indicator_id for a in concern.indicators} & set(STEADY)
    assert not steady & set(r.history_only), said_for(concern, r)


@pytest.mark.slow  # 300 examples
@PROPERTY
@given(concerns(), needs_sets.filter(bool))
def test_recorded_needs_never_lower_a_result_and_lift_early_warning(case, needs):
    concern, _ = case
    bare = screen_concern(with_(concern, needs=()))
    lifted = screen_concern(with_(concern, needs=needs))
    on_record = screen_concern(with_(concern, needs=()), record_needs=needs)
    for r in (lifted, on_record):
        assert RANK[r.tier] >= RANK[bare.tier], said_for(concern, r)
        assert r.tier != EARLY_WARNING, "needs recorded, yet left at Early warning" + said_for(
            concern, r
        )
        if RANK[r.tier] >= RANK[EARLY_WARNING]:
            assert r.always_refer, said_for(concern, r)


@pytest.mark.slow  # 300 examples
@PROPERTY
@given(concerns(), st.sampled_from(["staff", "lead"]))
def test_a_worry_about_an_adult_never_lowers_and_always_gives_the_lado_route(case, who):
    concern, _ = case
    plain = screen_concern(with_(concern, about_adult="no"))
    r = screen_concern(with_(concern, about_adult=who))
    assert RANK[r.tier] >= RANK[plain.tier], said_for(concern, r)
    assert r.lado and r.about_adult == who
    assert any("LADO" in a and vocab.ONE_WORKING_DAY in a for a in r.volunteer_actions), said_for(
        concern, r
    )
    assert any("LADO" in a for a in r.lead_actions), said_for(concern, r)
    assert not plain.lado


@pytest.mark.slow  # 300 examples
@PROPERTY
@given(concerns(), st.integers(13, 15), st.integers(16, 17))
def test_age_16_or_17_never_lowers_a_result(case, younger, older):
    concern, _ = case
    a = screen_concern(
        with_(concern, approximate_age=younger, date_of_birth=None, happened_on=None)
    )
    b = screen_concern(with_(concern, approximate_age=older, date_of_birth=None, happened_on=None))
    assert RANK[b.tier] >= RANK[a.tier], said_for(concern, b)


@pytest.mark.slow  # 300 examples
@PROPERTY
@given(concerns(), genders)
def test_gender_never_changes_a_result(case, gender):
    concern, _ = case
    a = screen_concern(concern)
    b = screen_concern(with_(concern, gender=gender))
    assert (a.tier, a.reasons, a.volunteer_actions, a.lead_actions) == (
        b.tier,
        b.reasons,
        b.volunteer_actions,
        b.lead_actions,
    )


@pytest.mark.slow  # 300 examples
@PROPERTY
@given(concerns())
def test_every_result_keeps_the_wording_promises(case):
    """Plain reasons without codes, never 'concern form', the lead (or the deputy) told
    by the right time, for any concern at all."""
    concern, _ = case
    r = screen_concern(concern)
    check_words(
        r, concern.about_adult, bool(concern.indicators or concern.danger), said_for(concern, r)
    )
