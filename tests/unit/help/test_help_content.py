"""The shipped help library: complete, linked, readable, and in our own words."""

import re
from pathlib import Path

import pytest

from app.help import markdown
from app.help.readability import reading_ease
from app.help.topics import HelpLibrary

ROOT = Path(__file__).parents[3]
LIBRARY = HelpLibrary.load()

# Every heading of the issue, by topic id.
REQUIRED = {
    "about-cse": [
        "what-is-cse",
        "grooming-and-models",
        "signs",
        "the-law",
        "boys-and-young-men",
        "online-and-images",
        "online-activities",
        "report-remove",
        "missing-health-family",
    ],
    "local-response": [
        "what-to-do",
        "screening-checklist",
        "route-chart",
        "police",
        "multi-agency-teams",
    ],
    "groups": [
        "why-groups-matter",
        "listening-to-young-people",
        "signs-during-activities",
        "raising-a-worry",
        "disclosures",
        "under-11s",
        "supporting-victims-families",
        "groups-best-placed",
        "organisation-duties",
    ],
    "policies": [
        "code-of-conduct",
        "whistleblowing",
        "information-sharing",
        "online-safety-for-groups",
    ],
    "case-study": ["case-study"],
    "for-families": ["for-parents-carers", "for-young-people"],
    "contacts": ["contacts"],
    "using-toolkit": ["getting-help", "first-setup", "unlocking", "backups", "installing"],
}
# Words that blame the child, or describe abuse as a choice.
BLAMING = re.compile(
    r"prostitut|promiscu|risky lifestyle|bad choices|child consented|"
    r"consented to",
    re.IGNORECASE,
)
YOUNG_PEOPLE_MIN_EASE = 70  # Flesch reading ease: 70+ is "fairly easy" (age 12–13)


def test_every_required_topic_is_in_its_chapter():
    for chapter, ids in REQUIRED.items():
        have = [t.id for t in LIBRARY.topics_in(chapter)]
        missing = [i for i in ids if i not in have]
        assert not missing, f"{chapter} lacks {missing}"


@pytest.mark.parametrize("topic", LIBRARY.topics(), ids=lambda t: t.id)
def test_topic_is_complete(topic):
    assert topic.title.strip()
    assert topic.sources, "every page names what it was written from"
    words = len(topic.text.split())
    assert words >= 80, f"only {words} words"
    assert not BLAMING.search(topic.text), BLAMING.search(topic.text).group(0)


@pytest.mark.parametrize("topic", LIBRARY.topics(), ids=lambda t: t.id)
def test_every_link_resolves(topic):
    for target in markdown.links(topic.blocks):
        assert LIBRARY.has(target), f"{topic.id} links to missing topic {target!r}"


def test_topic_ids_used_in_the_code_resolve():
    used: set[str] = set()
    for path in [*(ROOT / "app").rglob("*.py"), *(ROOT / "ui").rglob("*.py")]:
        text = path.read_text()
        used |= set(re.findall(r'help_topic = "([a-z0-9-]+)"', text))
        used |= set(re.findall(r'open_help\("([a-z0-9-]+)"\)', text))
        used |= set(re.findall(r'open_topic\("([a-z0-9-]+)"\)', text))
    assert {"unlocking", "backups", "getting-help"} <= used  # the scan really finds them
    missing = sorted(u for u in used if not LIBRARY.has(u))
    assert not missing, f"the code names help topics that do not exist: {missing}"


def test_the_statutory_definition_is_the_one_quotation():
    quoted = [
        (t.id, b) for t in LIBRARY.topics() for b in t.blocks if isinstance(b, markdown.Quote)
    ]
    assert [t for t, _ in quoted] == ["what-is-cse"]
    quote = quoted[0][1]
    assert "child sexual abuse" in quote.text and "18" in quote.text
    assert "Department for Education" in quote.attribution or "DfE" in quote.attribution


def test_young_peoples_page_reads_easily():
    ease = reading_ease(LIBRARY.topic("for-young-people").text)
    assert ease >= YOUNG_PEOPLE_MIN_EASE, f"reading ease {ease:.0f}"
    assert "never your fault" in LIBRARY.topic("for-young-people").text.lower()
    for number in ("0800 1111", "116 000", "999"):
        assert number in LIBRARY.topic("for-young-people").text


def test_chart_and_contacts_blocks_are_where_they_belong():
    specials = {
        (t.id, b.name)
        for t in LIBRARY.topics()
        for b in t.blocks
        if isinstance(b, markdown.Special)
    }
    assert ("route-chart", "chart:route") in specials
    assert ("contacts", "contacts") in specials


def test_case_study_has_questions_with_answers():
    reveals = [b for b in LIBRARY.topic("case-study").blocks if isinstance(b, markdown.Reveal)]
    assert len(reveals) >= 4
    assert all(r.answer for r in reveals)
    linked = set(markdown.links(LIBRARY.topic("case-study").blocks))
    assert {"signs", "what-to-do", "route-chart"} <= linked


def test_old_names_are_marked_as_old():
    text = LIBRARY.topic("multi-agency-teams").text
    assert "RISE" in text and re.search(r"former|no longer|replaced", text, re.IGNORECASE)
    # The superseded Northamptonshire number appears only as a warning against it.
    for topic in LIBRARY.topics():
        for match in re.finditer(r"0300 126 1000", topic.text):
            nearby = topic.text[max(0, match.start() - 150) : match.end() + 150]
            assert re.search(r"no longer|out of date|do not use", nearby, re.IGNORECASE), (
                f"{topic.id} gives the old number without saying it is out of date"
            )
