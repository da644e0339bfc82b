"""Screening vignettes: what a volunteer might record, and what the result must say.

Written for a designated lead to read. Each vignette is a short situation, the answers a
volunteer would give on the form, and the result the screening must give, with
`source` saying where that expectation comes from. The expectations were worked out
from the domain facts (`shared/domain/cse-facts.md`: §8.3 as corrected, §8.4, the §2
overrides, §3.8 and §4.1) and from issue 11, not from the screening code: when the code
disagrees, the code is what needs a second look.

How to read a vignette
- `ticks`: the checklist items ticked, each with when it happened or was last seen
  (`NOW` = within the last 6 months, `MONTHS_6_12`, `OVER_12` = more than 12 months ago,
  `NOT_SURE` = not sure when) and how many days before the recording day the volunteer
  found out (0 = on the day they record it).
- `danger`: the act-now questions answered yes on step 1 (X01…X05).
- `age`: the young person's age on the day; `born` gives a date of birth when the form
  would have one, otherwise the age is the rough age the volunteer gave.
- `needs` (young person step) and `record_needs` (already on the young person's record):
  "learning-disability", "autism", "other".
- `about_adult`: is the worry about someone who works or volunteers here? "no", "staff"
  (a member of staff, a volunteer or a trustee) or "lead" (the designated lead).
- `expect`: the tier (ACT_NOW, SERIOUS, SIGNIFICANT, EARLY_WARNING, VULNERABLE or
  NO_SIGNS) and the actions: `call_999`; `refer` (a referral to children's social care is
  recommended: every Act now and Serious result, or the under-13 / additional needs
  rule); `always_refer` (that rule applies); `lado` (the LADO route);
  `nrm` (the National Referral Mechanism note for criminal exploitation); `sexual`
  (True: the result may say "sexually exploited"; False: it must say "may be being
  exploited" without "sexual"; None: not checked).

Item ids are the checklist's own (`resources/checklists/cse-screening-v2.json`); the
criminal-exploitation items are found by meaning at run time (`Find`), because their ids
are being added on another branch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# When it happened or was last seen (app.intake.concern.model.WHEN_LAST_SEEN).
NOW = "within-6-months"
MONTHS_6_12 = "6-12-months"
OVER_12 = "over-12-months"
NOT_SURE = "not-known"
RECENCIES = (NOW, MONTHS_6_12, OVER_12, NOT_SURE)
RECENCY_WORDS = {
    NOW: "it last happened within the last 6 months",
    MONTHS_6_12: "it last happened between 6 and 12 months ago",
    OVER_12: "it last happened more than a year ago",
    NOT_SURE: "they cannot say when, and the volunteer found out today",
}

# Tiers (app.screening.vocabulary.TIER_ORDER).
ACT_NOW, SERIOUS, SIGNIFICANT, EARLY_WARNING, VULNERABLE, NO_SIGNS = (
    "X",
    "3",
    "2",
    "1",
    "V",
    "none",
)

# The day most concerns are recorded: a Wednesday.
RECORDED = date(2025, 3, 12)

# Items that never decay, as listed in cse-facts.md §8.3 rule 2 (corrected): every
# disclosure, T3-08, T3-12, T3-13, T3-14 and every act-now item.
NEVER_DECAY = frozenset(
    {
        "T3-01",
        "T3-02",
        "T3-03",
        "T3-08",
        "T3-12",
        "T3-13",
        "T3-14",
        "X01",
        "X02",
        "X03",
        "X04",
        "X05",
    }
)


@dataclass(frozen=True)
class Find:
    """A checklist item found by meaning: its exploitation kind and words in its text."""

    exploitation: str
    words: tuple[str, ...]

    def __str__(self) -> str:
        return f"the {self.exploitation}-exploitation item about {' / '.join(self.words)}"


# County lines: being made to carry, hold or sell drugs (cse-facts.md §3.8).
CARRYING_DRUGS = Find("criminal", ("drugs",))
# The young person telling you they were made to carry or sell drugs: a disclosure.
TELLS_OF_DRUGS = Find("criminal", ("tells you", "drugs"))
# Found or arrested far from home (cse-facts.md §3.8, Home Office signs).
FOUND_FAR_FROM_HOME = Find("criminal", ("far from home",))


@dataclass(frozen=True)
class Tick:
    item: str | Find
    when: str = NOW
    found_out: int | None = 0  # days before the recording day; None = left blank
    how: str = "saw"


@dataclass(frozen=True)
class Expect:
    tier: str
    call_999: bool = False
    refer: bool = False
    always_refer: bool | None = False  # None: not checked (see the vignette's source)
    lado: bool = False
    nrm: bool = False
    sexual: bool | None = None
    history_only: tuple[str, ...] = ()  # ticked, shown in the history, not scored
    reason_words: tuple[str, ...] = ()  # words the reasons must contain


@dataclass(frozen=True)
class Vignette:
    name: str
    situation: str
    age: int
    expect: Expect
    source: str
    ticks: tuple[Tick, ...] = ()
    danger: tuple[str, ...] = ()
    born: date | None = None
    gender: str = ""
    needs: tuple[str, ...] = ()
    record_needs: tuple[str, ...] = ()
    about_adult: str = "no"
    recorded_on: date = RECORDED
    happened_on: date | None = None
    tags: tuple[str, ...] = field(default=())


def _serious(*, age: int, sexual: bool | None = True) -> Expect:
    """A Serious concern; under 13 the referral is always recommended, and why."""
    under_13 = age < 13
    return Expect(
        SERIOUS,
        refer=True,
        always_refer=under_13,
        sexual=sexual,
        reason_words=("13",) if under_13 else (),
    )


# -- grids: items that never decay, at every recency ------------------------------------
def _grid(
    item: str,
    who: list[tuple[int, date | None, str]],
    what: str,
    source: str,
) -> list[Vignette]:
    out = []
    for age, born, gender in who:
        for when in RECENCIES:
            out.append(
                Vignette(
                    name=f"{item} age {age} {when}",
                    situation=f"A {age}-year-old {what}; {RECENCY_WORDS[when]}.",
                    age=age,
                    born=born,
                    gender=gender,
                    ticks=(Tick(item, when, how="young-person-told"),),
                    expect=_serious(age=age),
                    source=source,
                )
            )
    return out


DISCLOSURE_SOURCE = (
    "cse-facts.md §8.3 rule 2 as corrected: every disclosure never decays ('a child who "
    "tells you today about abuse that happened two years ago is a Serious concern "
    "today'), and an undated item learned of today counts as current; rule 3 (a T3 item "
    "gives Serious); rule 7 (under 13: a referral is always recommended); §4.1 (under 13 "
    "cannot consent; 16 and 17 are still children); issue 11, first bullet."
)

GRIDS = (
    _grid(
        "T3-01",
        [(12, date(2012, 6, 20), "female"), (15, None, "male"), (17, date(2007, 6, 20), "female")],
        "tells a volunteer today that an adult has had sexual contact with them",
        DISCLOSURE_SOURCE,
    )
    + _grid(
        "T3-08",
        [(14, None, "male")],
        "says someone is threatening to share sexual images of them unless they send more",
        "cse-facts.md §8.3 rule 2: images being used to blackmail (T3-08) never "
        "decay; §3.6 (sextortion); §3.2 (online exploitation); rule 3.",
    )
    + _grid(
        "T3-12",
        [(15, date(2009, 6, 20), "female")],
        "is in contact with a man the police have warned to stay away from children",
        "cse-facts.md §8.3 rule 2: an adult with sexual offending history in "
        "contact (T3-12) never decays; §4.3 (Child Abduction Warning Notices); "
        "issue 11, first bullet.",
    )
    + _grid(
        "T3-13",
        [(11, date(2013, 6, 20), "female")],
        "is showing signs of sexual activity",
        "cse-facts.md §8.3 rule 2: any sign of sexual activity under 13 (T3-13) "
        "never decays; §4.1 (a child under 13 cannot consent in law); §2.3 (a "
        "child under 13 engaged in sexual activity is a high indicator); rule 7 "
        "(under 13: always refer); issue 11, first bullet.",
    )
)


# -- single situations ------------------------------------------------------------------
LADO_SOURCE = (
    "cse-facts.md §8.3 rule 8: a worry about an adult in the organisation adds, whatever "
    "the tier, telling the designated lead the same day and the LADO within one working "
    "day; the person is not told or questioned; §8.4 ('applies to every tier'); §7 "
    "(LADO contacts); issue 11, build 3."
)
LADO_LEAD_SOURCE = (
    "cse-facts.md §8.3 rule 8: if the worry is about the designated lead, the deputy or "
    "the designated trustee is told instead, and the LADO within one working day; the "
    "lead is not told or questioned; issue 11, build 3."
)
NEEDS_SOURCE = (
    "cse-facts.md §8.3 rule 7 as corrected: a learning disability, autism or other "
    "additional needs, ticked (V05) or recorded on the young person's details or record, "
    "raises Early warning to Significant and a referral is always recommended; §2.3 (no "
    "child with a learning disability may be rated Low; Croydon, Herefordshire, Leeds, "
    "West Yorkshire); issue 11, second bullet and build 2."
)
UNDER_13_SOURCE = (
    "cse-facts.md §8.3 rule 7: a child under 13 is never left at Early warning (raised "
    "to Significant) and a referral is always recommended; §2.3 ('No child under 13 may "
    "be rated Low'); §4.1."
)
RECENCY_SOURCE = (
    "cse-facts.md §8.3 rule 2: other items count at their own tier within 6 months, one "
    "tier lower at 6-12 months (T3->T2, T2->T1, T1->history only), and more than 12 "
    "months ago as history only; SERAF §2.2 (a significant indicator 6-12 months old is "
    "worth 1 point, not 5)."
)
NOT_SURE_SOURCE = (
    "cse-facts.md §8.3 rule 2: an undated item counts from when the recorder found out "
    "('an item the recorder learned of within the last 6 months but cannot date counts "
    "as current'); app/intake/concern/model.py WHEN_LAST_SEEN ('not-known' counts from the day "
    "the recorder found out)."
)
COUNTY_LINES_SOURCE = (
    "cse-facts.md §3.8: being made to carry drugs to another town is child criminal "
    "exploitation (county lines); the route is the same as CSE (the lead refers to "
    "children's social care the same day), the child is a victim first and may be "
    "referred to the National Referral Mechanism; §2.3 ('being trafficked between "
    "towns' is a high indicator); issue 11, fourth bullet and build 4 ('may be being "
    "exploited' where the signs are not specifically sexual; an NRM note)."
)

SINGLES = [
    # Disclosures long after the event.
    Vignette(
        name="disclosure of abuse years ago",
        situation="A 16-year-old tells a youth worker today that her mum's former partner "
        "abused her sexually 'when I was in Year 5'. He still visits the street.",
        age=16,
        gender="female",
        ticks=(Tick("T3-01", OVER_12, how="young-person-told"),),
        expect=_serious(age=16),
        source=DISCLOSURE_SOURCE,
    ),
    Vignette(
        name="disclosure heard 18 months ago, recorded now",
        situation="A volunteer records now what a 14-year-old boy told him about 18 months "
        "ago: a coach at another club had sexual contact with him. It was never "
        "written down.",
        age=14,
        gender="male",
        ticks=(Tick("T3-01", NOT_SURE, found_out=550, how="young-person-told"),),
        expect=_serious(age=14),
        source=DISCLOSURE_SOURCE + " A disclosure never decays, whatever either date.",
    ),
    Vignette(
        name="assault told then taken back, long ago",
        situation="More than a year ago a 15-year-old told a volunteer she had been "
        "assaulted at a party, then said she made it up. The volunteer records "
        "it now because she is worried again.",
        age=15,
        gender="female",
        ticks=(Tick("T3-03", OVER_12, found_out=480, how="young-person-told"),),
        expect=_serious(age=15, sexual=None),
        source=DISCLOSURE_SOURCE + " §2.3 (disclosure then withdrawal).",
    ),
    Vignette(
        name="another agency reports exploitation two years ago",
        situation="A school tells the lead that a 13-year-old was being sexually exploited "
        "two years ago; nothing new has been seen at the club.",
        age=13,
        born=date(2011, 6, 20),
        ticks=(Tick("T3-14", OVER_12, how="someone-else-told"),),
        expect=_serious(age=13),
        source="cse-facts.md §8.3 rule 2: a report by someone else that the child is being "
        "exploited (T3-14) never decays; rule 3.",
    ),
    Vignette(
        name="boy given cannabis and a place to stay for sex",
        situation="A 15-year-old boy says older men gave him cannabis and somewhere to stay "
        "'for stuff', and that he owes them now.",
        age=15,
        gender="male",
        ticks=(Tick("T3-02", NOW, how="young-person-told"),),
        expect=_serious(age=15),
        source="cse-facts.md §1 (something is always exchanged; boys as well as girls); "
        "§3.5 (never lower a rating because the child is male); §8.3 rules 2-3 "
        "(T3-02 is a disclosure).",
    ),
    # Under 13.
    Vignette(
        name="under 13 with one early-warning sign",
        situation="An 11-year-old has started guarding her phone and will not say who she "
        "is messaging.",
        age=11,
        born=date(2013, 6, 20),
        gender="female",
        ticks=(Tick("T1-04"),),
        expect=Expect(SIGNIFICANT, refer=True, always_refer=True, reason_words=("13",)),
        source=UNDER_13_SOURCE,
    ),
    Vignette(
        name="turns 13 tomorrow, one sign",
        situation="A girl who turns 13 tomorrow keeps leaving sessions early and is vague "
        "about where she goes.",
        age=12,
        born=date(2012, 3, 13),
        gender="female",
        ticks=(Tick("T1-01"),),
        expect=Expect(SIGNIFICANT, refer=True, always_refer=True, reason_words=("13",)),
        source=UNDER_13_SOURCE + " Age is taken on the day of the concern.",
    ),
    Vignette(
        name="turned 13 yesterday, one sign",
        situation="A boy who turned 13 yesterday keeps leaving sessions early and is vague "
        "about where he goes.",
        age=13,
        born=date(2012, 3, 11),
        gender="male",
        ticks=(Tick("T1-01"),),
        expect=Expect(EARLY_WARNING),
        source="cse-facts.md §8.3 rules 5 and 7: 1-4 current T1 items give Early warning; "
        "the under-13 rule no longer applies on the 13th birthday.",
    ),
    Vignette(
        name="under 13, missing once eight months ago",
        situation="A 10-year-old went missing overnight eight months ago and was found at "
        "an older teenager's flat; nothing since.",
        age=10,
        born=date(2014, 6, 20),
        ticks=(Tick("T2-01", MONTHS_6_12),),
        expect=Expect(SIGNIFICANT, refer=True, always_refer=True, reason_words=("13",)),
        source=RECENCY_SOURCE + " The sign counts as Early warning, which the under-13 "
        "rule then raises: " + UNDER_13_SOURCE,
    ),
    Vignette(
        name="under 13, background only",
        situation="An 11-year-old in foster care has just moved placement. There are no "
        "signs of exploitation.",
        age=11,
        born=date(2013, 9, 1),
        ticks=(Tick("V03"),),
        expect=Expect(VULNERABLE, always_refer=None),
        source="cse-facts.md §8.3 rules 6-7: only V items give Vulnerable; the under-13 "
        "floor raises Early warning, not Vulnerable. Whether 'always refer' applies "
        "with no sign at all is not settled by the facts, so it is not checked.",
    ),
    # Learning disability, autism, other needs: recorded, not ticked.
    Vignette(
        name="learning disability recorded, not ticked",
        situation="A 14-year-old with a learning disability (recorded on the young person "
        "step) has a new phone and trainers nobody can explain; nothing else is "
        "ticked.",
        age=14,
        needs=("learning-disability",),
        ticks=(Tick("T1-03"),),
        expect=Expect(
            SIGNIFICANT, refer=True, always_refer=True, reason_words=("learning disability",)
        ),
        source=NEEDS_SOURCE,
    ),
    Vignette(
        name="autism recorded, not ticked",
        situation="An autistic 15-year-old has started staying up late chatting to online "
        "'friends' he has never met.",
        age=15,
        gender="male",
        needs=("autism",),
        ticks=(Tick("T1-12"),),
        expect=Expect(SIGNIFICANT, refer=True, always_refer=True, reason_words=("autism",)),
        source=NEEDS_SOURCE,
    ),
    Vignette(
        name="other additional needs recorded, not ticked",
        situation="A 16-year-old with other additional needs recorded (she reads at a much "
        "younger level) has started drinking.",
        age=16,
        gender="female",
        needs=("other",),
        ticks=(Tick("T1-09"),),
        expect=Expect(
            SIGNIFICANT, refer=True, always_refer=True, reason_words=("additional needs",)
        ),
        source=NEEDS_SOURCE + " Age 16 never lowers the rating (rule 7).",
    ),
    Vignette(
        name="learning disability on the young person's record only",
        situation="A 13-year-old whose record already shows a learning disability; this "
        "time the volunteer leaves needs blank and ticks one sign: big swings in "
        "mood.",
        age=13,
        record_needs=("learning-disability",),
        ticks=(Tick("T1-07"),),
        expect=Expect(
            SIGNIFICANT, refer=True, always_refer=True, reason_words=("learning disability",)
        ),
        source=NEEDS_SOURCE,
    ),
    Vignette(
        name="additional needs ticked on the checklist only",
        situation="The volunteer ticks that a 14-year-old has additional needs (nothing "
        "recorded on the young person step) and that he misses sessions with no "
        "real explanation.",
        age=14,
        gender="male",
        ticks=(Tick("V05"), Tick("T1-02")),
        expect=Expect(SIGNIFICANT, refer=True, always_refer=True),
        source=NEEDS_SOURCE,
    ),
    Vignette(
        name="learning disability and a significant sign",
        situation="A 15-year-old with a learning disability has been seen getting into "
        "cars with adults her family do not know.",
        age=15,
        gender="female",
        needs=("learning-disability",),
        ticks=(Tick("T2-03"),),
        expect=Expect(SIGNIFICANT, refer=True, always_refer=True),
        source=NEEDS_SOURCE + " The rule only raises; Significant stays Significant with "
        "the referral recommended.",
    ),
    # County lines and criminal exploitation.
    Vignette(
        name="county lines: made to carry drugs to another town",
        situation="A 16-year-old has been made to carry drugs to another town for older "
        "youths who say he owes them.",
        age=16,
        gender="male",
        ticks=(Tick(CARRYING_DRUGS, how="young-person-told"), Tick("T3-06")),
        expect=Expect(SERIOUS, refer=True, nrm=True, sexual=False),
        source=COUNTY_LINES_SOURCE + " T3-06 (taken to other towns) is not a sexual sign.",
    ),
    Vignette(
        name="county lines: the drugs sign on its own",
        situation="A 15-year-old tells a volunteer she is being made to carry and hold "
        "drugs for older youths.",
        age=15,
        gender="female",
        ticks=(Tick(CARRYING_DRUGS, how="young-person-told"),),
        expect=Expect(SERIOUS, refer=True, nrm=True, sexual=False),
        source=COUNTY_LINES_SOURCE,
    ),
    Vignette(
        name="county lines and sexual exploitation together",
        situation="A 15-year-old made to carry drugs for older men says they also gave her "
        "a place to stay for sex.",
        age=15,
        gender="female",
        ticks=(
            Tick(CARRYING_DRUGS, how="young-person-told"),
            Tick("T3-02", how="young-person-told"),
        ),
        expect=Expect(SERIOUS, refer=True, nrm=True, sexual=True),
        source=COUNTY_LINES_SOURCE + " §3.8: criminal and sexual exploitation often happen "
        "together; T3-02 is a sexual disclosure, so 'sexually exploited' is right.",
    ),
    Vignette(
        name="county lines, a 12-year-old",
        situation="A 12-year-old boy has been given a phone by older youths and made to "
        "carry drugs for them.",
        age=12,
        born=date(2012, 9, 1),
        gender="male",
        ticks=(Tick(CARRYING_DRUGS, how="young-person-told"), Tick("T2-05")),
        expect=Expect(
            SERIOUS, refer=True, always_refer=True, nrm=True, sexual=False, reason_words=("13",)
        ),
        source=COUNTY_LINES_SOURCE + " " + UNDER_13_SOURCE,
    ),
    Vignette(
        name="county lines told of years later",
        situation="A 17-year-old tells a volunteer today that two years ago older youths "
        "made him sell drugs for them.",
        age=17,
        gender="male",
        ticks=(Tick(TELLS_OF_DRUGS, OVER_12, how="young-person-told"),),
        expect=Expect(SERIOUS, refer=True, nrm=True, sexual=False),
        source=COUNTY_LINES_SOURCE + " §8.3 rule 2: every disclosure never decays.",
    ),
    Vignette(
        name="arrested far from home nine months ago",
        situation="Nine months ago a 15-year-old was arrested with older men in a town 60 "
        "miles away that he has no link with; nothing since.",
        age=15,
        gender="male",
        ticks=(Tick(FOUND_FAR_FROM_HOME, MONTHS_6_12, how="someone-else-told"),),
        expect=Expect(EARLY_WARNING, nrm=True, sexual=False),
        source=COUNTY_LINES_SOURCE + " " + RECENCY_SOURCE + " The sign still counts, one "
        "tier lower, so the lead still gets the NRM note.",
    ),
    # A worry about an adult in the organisation.
    Vignette(
        name="volunteer messaging a 14-year-old late at night",
        situation="An adult volunteer has been privately messaging a 14-year-old member "
        "late at night and told her to keep it between them.",
        age=14,
        gender="female",
        about_adult="staff",
        ticks=(Tick("T1-04"), Tick("T1-12")),
        expect=Expect(EARLY_WARNING, lado=True, reason_words=("LADO",)),
        source=LADO_SOURCE + " Issue 11, third bullet: it must never mean 'tell the lead "
        "within 1 working day'.",
    ),
    Vignette(
        name="youth worker buying alcohol and driving a boy around",
        situation="A 16-year-old says a youth-club worker in his 30s has been buying him "
        "alcohol and driving him around at night.",
        age=16,
        gender="male",
        about_adult="staff",
        ticks=(Tick("T2-10", how="young-person-told"), Tick("T2-03")),
        expect=Expect(SIGNIFICANT, lado=True, sexual=False),
        source=LADO_SOURCE + " §8.3 rule 4 (a current T2 item).",
    ),
    Vignette(
        name="worry about a volunteer, nothing ticked",
        situation="A parent says a volunteer coach has been adding members as friends on "
        "social media. The volunteer ticks nothing on the checklist.",
        age=15,
        about_adult="staff",
        expect=Expect(NO_SIGNS, lado=True),
        source=LADO_SOURCE,
    ),
    Vignette(
        name="about to leave with a volunteer helper",
        situation="At the end of the session a 13-year-old is about to leave with a "
        "volunteer helper who she says is her 'boyfriend'.",
        age=13,
        gender="female",
        about_adult="staff",
        danger=("X01",),
        ticks=(Tick("T2-02"),),
        expect=Expect(ACT_NOW, call_999=True, refer=True, lado=True),
        source="cse-facts.md §8.3 rule 1 (any X item: Act now), §8.4 (call 999). " + LADO_SOURCE,
    ),
    Vignette(
        name="worry about the designated lead: lifts and vapes",
        situation="A volunteer sees the designated lead giving a 13-year-old lifts home "
        "alone and buying her vapes.",
        age=13,
        gender="female",
        about_adult="lead",
        ticks=(Tick("T1-03"),),
        expect=Expect(EARLY_WARNING, lado=True),
        source=LADO_LEAD_SOURCE,
    ),
    Vignette(
        name="disclosure about the designated lead",
        situation="A 15-year-old tells a volunteer that the designated lead touched her "
        "sexually on the summer camp.",
        age=15,
        gender="female",
        about_adult="lead",
        ticks=(Tick("T3-01", how="young-person-told"),),
        expect=Expect(SERIOUS, refer=True, lado=True, sexual=True),
        source=LADO_LEAD_SOURCE + " §8.4 (Serious: tell the lead immediately; here the "
        "deputy or trustee stands in, so straight away).",
    ),
    Vignette(
        name="the designated lead driving off with a drunk 14-year-old",
        situation="A volunteer sees the designated lead about to drive off with a "
        "14-year-old who is too drunk to be safe.",
        age=14,
        about_adult="lead",
        danger=("X04",),
        expect=Expect(ACT_NOW, call_999=True, refer=True, lado=True),
        source="cse-facts.md §8.3 rule 1; §8.4 (Act now: call 999, then tell the lead "
        "straight away; here the deputy or trustee stands in). " + LADO_LEAD_SOURCE,
    ),
    Vignette(
        name="volunteer giving an 11-year-old vapes in secret",
        situation="A volunteer has been giving an 11-year-old vapes and asking her to keep "
        "it secret.",
        age=11,
        born=date(2013, 7, 30),
        gender="female",
        about_adult="staff",
        ticks=(Tick("T1-03"), Tick("T1-04")),
        expect=Expect(
            SIGNIFICANT, refer=True, always_refer=True, lado=True, reason_words=("13", "LADO")
        ),
        source=UNDER_13_SOURCE + " " + LADO_SOURCE,
    ),
    # Images.
    Vignette(
        name="nude image shared by peers",
        situation="A 14-year-old's nude image, which she sent to a boy her own age, has "
        "been shared around her year group.",
        age=14,
        gender="female",
        ticks=(Tick("T2-07", how="someone-else-told"),),
        expect=Expect(SIGNIFICANT, sexual=True),
        source="cse-facts.md §1 (a child may be exploited when images are copied and "
        "shared); §3.6; §4.2 (Protection of Children Act 1978 s1); §8.3 rule 4 "
        "(a current T2 item: Significant).",
    ),
    Vignette(
        name="nude image shared nine months ago",
        situation="A 15-year-old's image was shared round school about nine months ago; "
        "nothing has happened since.",
        age=15,
        gender="female",
        ticks=(Tick("T2-07", MONTHS_6_12, how="someone-else-told"),),
        expect=Expect(EARLY_WARNING, sexual=True),
        source=RECENCY_SOURCE + " T2-07 is not on the never-decay list.",
    ),
    Vignette(
        name="boy blackmailed with a nude picture by boys at school",
        situation="Boys at a 14-year-old's school say they will send his nude picture to "
        "everyone unless he sends more.",
        age=14,
        gender="male",
        ticks=(Tick("T3-08", how="young-person-told"), Tick("T2-07")),
        expect=_serious(age=14),
        source="cse-facts.md §3.2 (peer-on-peer and online exploitation); §3.6 "
        "(sextortion); §8.3 rules 2-3 (T3-08 never decays, gives Serious).",
    ),
    # Older "boyfriend", 16 and 17.
    Vignette(
        name="16-year-old with a much older 'boyfriend'",
        situation="A 16-year-old has a 'boyfriend' of 27 who picks her up from the club.",
        age=16,
        born=date(2008, 6, 20),
        gender="female",
        ticks=(Tick("T2-02"),),
        expect=Expect(SIGNIFICANT, sexual=True),
        source="cse-facts.md §1 (applies to 16- and 17-year-olds, who can consent to sex); "
        "§3.2 ('boyfriend' model); §2.3 (an older boyfriend is a medium "
        "indicator); §8.3 rule 4 and rule 7 (age 16 or 17 never lowers).",
    ),
    Vignette(
        name="17-year-old boy with a controlling partner",
        situation="A 17-year-old's partner, who is 24, checks his phone, takes his money "
        "and decides who he sees.",
        age=17,
        born=date(2007, 9, 1),
        gender="male",
        ticks=(Tick("T3-07"),),
        expect=_serious(age=17, sexual=None),
        source="cse-facts.md §1, §3.5 (boys), §4.1 (16 and 17 are children); §8.3 rule 3 "
        "and rule 7 (age never lowers).",
    ),
    Vignette(
        name="17-year-old with five early-warning signs",
        situation="A 17-year-old is coming home late, missing college, has money nobody "
        "can explain, has dropped her old friends and is often exhausted.",
        age=17,
        gender="female",
        ticks=(Tick("T1-01"), Tick("T1-02"), Tick("T1-03"), Tick("T1-05"), Tick("T1-14")),
        expect=Expect(SIGNIFICANT),
        source="cse-facts.md §8.3 rule 4 (5 or more current T1 items: Significant) and "
        "rule 7 (age 16 or 17 never lowers).",
    ),
    Vignette(
        name="17-year-old missing overnight",
        situation="A 17-year-old went missing overnight last weekend and will not say "
        "where he was.",
        age=17,
        gender="male",
        ticks=(Tick("T2-01"),),
        expect=Expect(SIGNIFICANT, sexual=False),
        source="cse-facts.md §8.3 rule 4 and rule 7 (age never lowers); §3.7 (missing).",
    ),
    # Boys: a pair that differs only in gender.
    Vignette(
        name="meeting someone met online (girl)",
        situation="A 14-year-old girl has been meeting up with someone she first met "
        "online and guards her phone.",
        age=14,
        gender="female",
        tags=("gender pair",),
        ticks=(Tick("T2-06"), Tick("T1-04")),
        expect=Expect(SIGNIFICANT, sexual=False),
        source="cse-facts.md §3.5 (the result never depends on gender); §3.6; §8.3 rule 4.",
    ),
    Vignette(
        name="meeting someone met online (boy)",
        situation="A 14-year-old boy has been meeting up with someone he first met online "
        "and guards his phone.",
        age=14,
        gender="male",
        tags=("gender pair",),
        ticks=(Tick("T2-06"), Tick("T1-04")),
        expect=Expect(SIGNIFICANT, sexual=False),
        source="cse-facts.md §3.5 (the result never depends on gender); §3.6; §8.3 rule 4.",
    ),
    # Online grooming.
    Vignette(
        name="online grooming that led to a meeting",
        situation="A 13-year-old met an adult he had been chatting to online for weeks; the "
        "adult sent him gifts and asked him to keep it secret.",
        age=13,
        born=date(2011, 11, 2),
        gender="male",
        ticks=(Tick("T2-06"), Tick("T1-04"), Tick("T1-03")),
        expect=Expect(SIGNIFICANT, sexual=False),
        source="cse-facts.md §3.6 (pressure to meet, secrecy, gifts); §4.2 (s15 meeting a "
        "child after grooming); §8.3 rule 4.",
    ),
    Vignette(
        name="online grooming, a meeting and sexual contact",
        situation="A 14-year-old tells a volunteer that a man she met online met her in "
        "town and had sexual contact with her.",
        age=14,
        gender="female",
        ticks=(Tick("T2-06"), Tick("T3-01", how="young-person-told")),
        expect=_serious(age=14),
        source="cse-facts.md §3.6, §4.2 (s15); §8.3 rules 2-3 (a disclosure is Serious).",
    ),
    # Danger now.
    Vignette(
        name="missing and believed with an exploiter",
        situation="A 14-year-old has not come home and her friend says she is with the "
        "older man who has been giving her drugs.",
        age=14,
        gender="female",
        danger=("X02",),
        ticks=(Tick("T2-10", how="someone-else-told"),),
        expect=Expect(ACT_NOW, call_999=True, refer=True),
        source="cse-facts.md §8.3 rule 1 (any act-now item); §8.4 (call 999; same-day "
        "referral by the lead); §5.1.",
    ),
    Vignette(
        name="sexual assault an hour ago",
        situation="A 15-year-old tells a volunteer at the session that she was sexually "
        "assaulted on the way there an hour ago.",
        age=15,
        gender="female",
        danger=("X03",),
        expect=Expect(ACT_NOW, call_999=True, refer=True),
        source="cse-facts.md §8.3 rule 1; §8.4 (call 999, keep evidence, never copy images).",
    ),
    Vignette(
        name="autistic 11-year-old too drunk to be safe",
        situation="An autistic 11-year-old arrives too drunk to stand and says she is "
        "scared to go home.",
        age=11,
        born=date(2013, 6, 20),
        gender="female",
        needs=("autism",),
        danger=("X04",),
        expect=Expect(ACT_NOW, call_999=True, refer=True, always_refer=True),
        source="cse-facts.md §8.3 rule 1; rule 7 (under 13 and additional needs: always refer).",
    ),
    Vignette(
        name="someone threatening violence right now",
        situation="A man outside the hall is threatening a 16-year-old member and the "
        "volunteer with violence right now.",
        age=16,
        danger=("X05",),
        expect=Expect(ACT_NOW, call_999=True, refer=True),
        source="cse-facts.md §8.3 rule 1; §8.4.",
    ),
    # Background only, nothing at all.
    Vignette(
        name="background only",
        situation="A 14-year-old lives with domestic abuse at home and has recently moved "
        "in with her nan. There are no signs of exploitation.",
        age=14,
        gender="female",
        ticks=(Tick("V02"), Tick("V03")),
        expect=Expect(VULNERABLE),
        source="cse-facts.md §8.3 rule 6 (only V items); §8.4 (Vulnerable only: no "
        "referral needed for CSE alone); §2.7 (vulnerabilities alone never prove "
        "CSE).",
    ),
    Vignette(
        name="a worry with nothing to tick",
        situation="A volunteer has a vague worry about a 15-year-old but cannot point to "
        "anything on the list.",
        age=15,
        expect=Expect(NO_SIGNS),
        source="cse-facts.md §8.3 rule 10 (no indicators does not mean no exploitation); "
        "rules 3-6 (nothing counts).",
    ),
    # Counting early-warning signs.
    Vignette(
        name="five early-warning signs together",
        situation="A 14-year-old is coming home late, missing school, has new clothes "
        "nobody can explain, has dropped his old friends and is often exhausted.",
        age=14,
        gender="male",
        ticks=(Tick("T1-01"), Tick("T1-02"), Tick("T1-03"), Tick("T1-05"), Tick("T1-14")),
        expect=Expect(SIGNIFICANT, sexual=False),
        source="cse-facts.md §8.3 rule 4 (5 or more current T1 items: Significant; Stoke "
        "matrix, SERAF).",
    ),
    Vignette(
        name="four early-warning signs",
        situation="A 14-year-old is coming home late, missing school, has new clothes "
        "nobody can explain and has dropped his old friends.",
        age=14,
        gender="male",
        ticks=(Tick("T1-01"), Tick("T1-02"), Tick("T1-03"), Tick("T1-05")),
        expect=Expect(EARLY_WARNING),
        source="cse-facts.md §8.3 rule 5 (1-4 current T1 items: Early warning; Stoke: 1-4 "
        "indicators = Low).",
    ),
    Vignette(
        name="three signs now and two older significant signs",
        situation="A 15-year-old is secretive, withdrawn and up late online now; eight "
        "months ago she went missing and was seen getting into strangers' cars.",
        age=15,
        gender="female",
        ticks=(
            Tick("T1-04"),
            Tick("T1-06"),
            Tick("T1-12"),
            Tick("T2-01", MONTHS_6_12),
            Tick("T2-03", MONTHS_6_12),
        ),
        expect=Expect(SIGNIFICANT),
        source=RECENCY_SOURCE + " A T2 item 6-12 months old counts as a T1 item, so five "
        "T1-level items count (rule 4).",
    ),
    Vignette(
        name="five signs, one of them from last spring",
        situation="A 14-year-old is coming home late, missing school, has new clothes "
        "nobody can explain and has dropped his old friends; he was often "
        "exhausted last spring, but not now.",
        age=14,
        gender="male",
        ticks=(
            Tick("T1-01"),
            Tick("T1-02"),
            Tick("T1-03"),
            Tick("T1-05"),
            Tick("T1-14", MONTHS_6_12),
        ),
        expect=Expect(EARLY_WARNING, history_only=("T1-14",)),
        source=RECENCY_SOURCE + " Only four T1 items are current (rule 5).",
    ),
    Vignette(
        name="12 when it happened, 13 now",
        situation="A 13-year-old's sexualised talk, unusual for her age, was noticed two "
        "months ago, when she was still 12.",
        age=12,
        born=date(2012, 2, 1),
        gender="female",
        happened_on=date(2025, 1, 10),
        ticks=(Tick("T1-10"),),
        expect=Expect(
            SIGNIFICANT, refer=True, always_refer=True, sexual=True, reason_words=("13",)
        ),
        source=UNDER_13_SOURCE + " The age is the age on the day it happened (issue 11, "
        "build 2: 'the age on the day'; §4.1: the under-13 offences turn on the "
        "child's age at the time).",
    ),
    # Older signs: what decays and what is history only.
    Vignette(
        name="old early-warning sign is history only",
        situation="More than a year ago a 15-year-old was withdrawn and up and down in "
        "mood; nothing since.",
        age=15,
        ticks=(Tick("T1-07", OVER_12),),
        expect=Expect(NO_SIGNS, history_only=("T1-07",)),
        source=RECENCY_SOURCE,
    ),
    Vignette(
        name="early-warning sign 6-12 months ago is history only",
        situation="About nine months ago a 14-year-old talked about 'chilling' at flats of "
        "people nobody knows; nothing since.",
        age=14,
        ticks=(Tick("T1-13", MONTHS_6_12),),
        expect=Expect(NO_SIGNS, history_only=("T1-13",)),
        source=RECENCY_SOURCE,
    ),
    Vignette(
        name="cars with unknown adults nine months ago",
        situation="A 14-year-old was seen getting into cars with unknown adults about nine "
        "months ago.",
        age=14,
        ticks=(Tick("T2-03", MONTHS_6_12),),
        expect=Expect(EARLY_WARNING),
        source=RECENCY_SOURCE,
    ),
    Vignette(
        name="repeated missing eight months ago",
        situation="A 15-year-old went missing again and again about eight months ago and "
        "came back drunk; nothing since.",
        age=15,
        ticks=(Tick("T3-04", MONTHS_6_12),),
        expect=Expect(SIGNIFICANT, sexual=False),
        source=RECENCY_SOURCE + " T3-04 is not on the never-decay list.",
    ),
    Vignette(
        name="repeated missing more than a year ago",
        situation="A 16-year-old went missing repeatedly two years ago; nothing since.",
        age=16,
        ticks=(Tick("T3-04", OVER_12),),
        expect=Expect(NO_SIGNS, history_only=("T3-04",)),
        source=RECENCY_SOURCE,
    ),
    Vignette(
        name="an old serious sign and a current early-warning sign",
        situation="A 14-year-old was taken to other towns more than a year ago; now she is "
        "missing school with no real explanation.",
        age=14,
        gender="female",
        ticks=(Tick("T3-06", OVER_12), Tick("T1-02")),
        expect=Expect(EARLY_WARNING, history_only=("T3-06",)),
        source=RECENCY_SOURCE + " Rule 5 (one current T1 item).",
    ),
    # Not sure when: dated by when the volunteer found out.
    Vignette(
        name="not sure when, found out today",
        situation="A 14-year-old's friend says he has been getting alcohol from older "
        "youths; the volunteer found out today and cannot say when it started.",
        age=14,
        gender="male",
        ticks=(Tick("T2-10", NOT_SURE, how="someone-else-told"),),
        expect=Expect(SIGNIFICANT, sexual=False),
        source=NOT_SURE_SOURCE,
    ),
    Vignette(
        name="not sure when, found out eight months ago",
        situation="Eight months ago a volunteer heard that a 14-year-old was getting "
        "alcohol from older youths, but not when; she records it now.",
        age=14,
        ticks=(Tick("T2-10", NOT_SURE, found_out=240, how="someone-else-told"),),
        expect=Expect(EARLY_WARNING),
        source=NOT_SURE_SOURCE + " Found out 6-12 months ago: one tier lower (rule 2).",
    ),
    Vignette(
        name="not sure when, found out over a year ago",
        situation="Fourteen months ago a volunteer heard that a 15-year-old had once gone "
        "missing overnight, but not when; nothing since.",
        age=15,
        ticks=(Tick("T2-01", NOT_SURE, found_out=425, how="someone-else-told"),),
        expect=Expect(NO_SIGNS, history_only=("T2-01",)),
        source=NOT_SURE_SOURCE + " Found out more than 12 months ago: history only.",
    ),
    Vignette(
        name="not sure when, found-out date left blank",
        situation="A 15-year-old has two phones; the volunteer is not sure when that "
        "started and leaves 'when did you find out' blank.",
        age=15,
        ticks=(Tick("T2-05", NOT_SURE, found_out=None),),
        expect=Expect(SIGNIFICANT, sexual=False),
        source=NOT_SURE_SOURCE + " The form's default for 'when did you find out' is the "
        "day of recording; a blank must not make a sign vanish (§8.3: the rule may "
        "only push a rating up).",
    ),
    Vignette(
        name="taken to hotels for sex, not sure when, heard eight months ago",
        situation="Eight months ago a parent told a volunteer that a 16-year-old had been "
        "taken to hotels by adults for sex, but not when; she records it now.",
        age=16,
        gender="female",
        ticks=(Tick("T3-05", NOT_SURE, found_out=240, how="someone-else-told"),),
        expect=Expect(SIGNIFICANT, sexual=True),
        source=NOT_SURE_SOURCE + " Found out 6-12 months ago: T3-05 (not on the "
        "never-decay list) counts one tier lower (rule 2).",
    ),
    # A different recording day: a Friday evening.
    Vignette(
        name="Friday evening, a volunteer worried about a sign",
        situation="On a Friday evening a volunteer notices a 15-year-old has unexplained "
        "bruises and will not say how she got them.",
        age=15,
        gender="female",
        recorded_on=date(2025, 3, 14),
        ticks=(Tick("T2-11"),),
        expect=Expect(SIGNIFICANT, sexual=False),
        source="cse-facts.md §8.3 rule 4; §8.4 (Significant: tell the lead the same day).",
    ),
]

VIGNETTES: list[Vignette] = [*GRIDS, *SINGLES]
