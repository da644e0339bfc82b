"""The awareness sessions for the group's young people and the introductory slide deck:
each PDF builds, has its sessions or slides, keeps every word on the page, quotes the
definition exactly as the training pack and the help page do, takes its timescales from
the vocabulary and uses no blaming words. Text is read back out of the real PDFs."""

import io
import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.documents import awareness_sessions as aw
from app.documents import intro_slides, training_pack
from app.documents.context import DocumentContext
from app.screening import vocabulary as v
from app.screening.practice_cases import blaming_words
from tests.unit.documents.test_training_pack import FULL, flat, pages
from tests.unit.screening.test_checklist_v2_content import BLAMING, BLAMING_CRIMINAL
from tests.unit.screening.test_vocabulary_agreement import _TIME, _phrase

ROOT = Path(__file__).parents[3]
BUILDERS = {key: build for key, _title, _name, build in aw.AWARENESS_DOCUMENTS}
PACKS = ("awareness-under-11s", "awareness-11-18s")
# Names and a number long enough to push any line that is not measured off the page.
LONG = DocumentContext(
    organisation="The Saint Bartholomew and All Angels Community Youth Fellowship, Wellingborough",
    lead_name="Oluwaseun Adebayo-Fitzwilliam-Chukwuemeka",
    lead_phone="+44 (0)1933 555 012 345",
    duty_team_label="North Northamptonshire Multi-Agency Safeguarding Hub (MASH)",
    duty_team_phone="0300 126 7000 then option 1, option 1",
)


@pytest.fixture(scope="module")
def built() -> dict[str, list[str]]:
    return {key: pages(build(FULL)) for key, build in BUILDERS.items()}


@pytest.mark.parametrize("key", BUILDERS)
def test_each_document_names_the_group_and_uses_no_blaming_words(built, key):
    found = built[key]
    text = " ".join(found)
    assert all("Riverside Youth Club" in page for page in found)
    assert blaming_words(text) == []
    assert not BLAMING.search(text) and not BLAMING_CRIMINAL.search(text)


@pytest.mark.parametrize(
    ("key", "sessions", "low", "high", "who"),
    [
        ("awareness-under-11s", aw.UNDER_11, 30, 40, "a child"),
        ("awareness-11-18s", aw.OVER_11, 45, 60, "a young person"),
    ],
)
def test_each_session_is_on_its_own_page_with_every_part(built, key, sessions, low, high, who):
    found = built[key]
    assert len(found) == 1 + len(sessions)  # the leader's page, then one side a session
    assert {4: "under-11s", 5: "11\u201318s"}[len(sessions)] in found[0]
    assert "Ground rules to agree at the start" in found[0]
    assert "Someone may tell you something during a session" in found[0]
    for number, (session, page) in enumerate(zip(sessions, found[1:], strict=True), 1):
        assert low <= session.minutes <= high, session.name
        assert f"Session {number}: {session.name}" in page
        assert f"Time: about {session.minutes} minutes. Aim: {flat(session.aim)}" in page
        for part in ("What you need", "What to do", "Words you can use"):
            assert part in page, (session.name, part)
        assert f"If {who} tells you something" in page, session.name
        for step in session.steps:
            assert flat(re.sub(r"<[^>]+>", "", step)) in page
        for words in session.words:
            assert flat(words) in page


@pytest.mark.parametrize("key", PACKS)
def test_the_disclosure_steps_take_their_timescales_from_the_vocabulary(built, key):
    text = " ".join(built[key])
    sessions = len(built[key]) - 1
    told = (
        f"Tell the designated lead, Sam Okafor, {v.TODAY}, not at the next session: "
        f"{v.STRAIGHT_AWAY} if they have said someone is hurting them."
    )
    assert text.count(told) == sessions
    assert text.count(f"Call 999, then tell the designated lead {v.STRAIGHT_AWAY}.") == sessions
    assert text.count(f"in their own words, {v.TODAY}.") == sessions
    # No other way of saying a timescale anywhere: nothing typed by hand.
    said = {_phrase(match) for match in _TIME.finditer(text)}
    assert said == {v.TODAY, v.STRAIGHT_AWAY}


def test_the_under_11s_cover_the_four_topics(built):
    text = " ".join(built["awareness-under-11s"])
    for words in (
        "The parts your swimming costume covers are private.",
        "No grown-up should ever ask you to keep a secret from your mum, dad or carer.",
        "Never send a picture of yourself to someone online.",
        "On each finger they write or draw a grown-up they trust",
        "0800 1111",
    ):
        assert words in text, words


def test_the_11_to_18s_state_the_law_and_where_to_get_help(built):
    text = " ".join(built["awareness-11-18s"])
    for words in (
        "The age of consent is 16 for everyone",
        "A child under 13 can never consent in law.",
        "Some adults in a position of trust",
        "Pressuring anyone under 18 to send a sexual image is a crime",
        "Explain Report Remove: a young person under 18 can ask Childline and the Internet "
        "Watch Foundation to take a nude image of them down, at childline.org.uk.",
        "county lines",
        "It is never the young person\u2019s fault.",
        "a young person made to carry drugs is a victim",
        "Childline 0800 1111",
        "In danger right now: 999.",
        "ceop.police.uk",
    ):
        assert words in text, words


# -- the slides ---------------------------------------------------------------------------
DECK = intro_slides.slides(FULL)


@pytest.fixture(scope="module")
def deck() -> list[str]:
    return pages(intro_slides.build_slides(FULL))


def test_each_slide_is_followed_by_its_speaker_notes(deck):
    count = len(DECK)
    assert 10 <= count <= 14
    assert len(deck) == 2 * count
    for number, slide in enumerate(DECK, 1):
        shown, notes = deck[2 * number - 2], deck[2 * number - 1]
        assert f"Slide {number} of {count}" in shown
        assert flat(slide.title) in shown
        assert f"Speaker notes for slide {number} of {count}" in notes
        assert f"Notes for slide {number} of {count}" in notes
        assert slide.notes, slide.title
        for paragraph in slide.notes:
            assert flat(paragraph) in notes, slide.title
    reader = PdfReader(io.BytesIO(intro_slides.build_slides(FULL)))
    assert all(page.mediabox.width > page.mediabox.height for page in reader.pages)


def test_one_idea_a_slide_in_big_type():
    for slide in DECK:
        laid = intro_slides.slide_lines(slide)
        assert laid.fits, slide.title
        if slide.kind == "quote":
            assert min(line.size for line in laid.lines) >= 14  # the attribution, smallest
            continue
        assert len(slide.points) + len(slide.contacts) <= 5, slide.title
        assert all(len(point.split()) <= 9 for point in slide.points), slide.title
        assert min(line.size for line in laid.lines) >= 24, slide.title


@pytest.mark.parametrize("ctx", [FULL, DocumentContext(), LONG], ids=["full", "generic", "long"])
def test_every_line_of_every_slide_and_notes_page_is_on_the_page(ctx):
    deck = intro_slides.slides(ctx)
    for number, slide in enumerate(deck, 1):
        for laid in (intro_slides.slide_lines(slide), intro_slides.notes_lines(slide, 1, 13)):
            assert laid.fits, (number, slide.title)
            for line in laid.lines:
                assert line.x >= intro_slides.MARGIN - 0.01, line
                assert line.x + line.width <= intro_slides.PAGE_WIDTH - intro_slides.MARGIN + 0.01
                assert line.y - line.size * 0.25 > intro_slides.FOOTER_TOP, line
                assert line.y + line.size <= intro_slides.PAGE_HEIGHT - intro_slides.MARGIN / 2


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler's pdftotext")
def test_pdftotext_finds_every_word_inside_the_margins(tmp_path):
    """Read back from the real PDF, with a long name and long numbers."""
    path = tmp_path / "deck.pdf"
    path.write_bytes(intro_slides.build_slides(LONG))
    html = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
        html,
    )
    assert len(words) > 500
    edge = intro_slides.MARGIN - 1
    for x_min, y_min, x_max, y_max, word in words:
        where = (unescape(word), x_min, y_min, x_max, y_max)
        assert float(x_min) >= edge and float(x_max) <= intro_slides.PAGE_WIDTH - edge, where
        assert float(y_min) >= 0 and float(y_max) <= intro_slides.PAGE_HEIGHT - 8, where


def test_the_definition_is_quoted_exactly_as_the_training_pack_and_the_help_page_do(deck):
    help_page = (ROOT / "resources/help/what-is-cse.md").read_text(encoding="utf-8")
    quoted = next(line[2:] for line in help_page.splitlines() if "imbalance of power" in line)
    assert quoted == training_pack.DEFINITION
    (slide,) = [s for s in DECK if s.kind == "quote"]
    assert slide.points == (training_pack.DEFINITION,)
    shown = deck[2 * DECK.index(slide)]
    assert f"\u201c{flat(training_pack.DEFINITION)}\u201d" in shown
    assert flat(training_pack.DEFINITION_SOURCE) in shown


def test_what_to_do_has_the_four_steps_of_the_help_page(deck):
    help_page = (ROOT / "resources/help/what-to-do.md").read_text(encoding="utf-8")
    steps = tuple(re.findall(r"^## [1-4]\. (.+)$", help_page, re.MULTILINE))
    assert steps == intro_slides.STEPS
    (slide,) = [s for s in DECK if s.title == "What to do"]
    shown = deck[2 * DECK.index(slide)]
    for number, step in enumerate(steps, 1):
        assert f"{number} {step}" in shown
    assert "In danger right now? Call 999." in shown


def test_the_slides_use_no_blaming_words_and_name_the_lead_and_numbers(deck):
    text = " ".join(deck)
    assert blaming_words(text) == []
    assert not BLAMING.search(text) and not BLAMING_CRIMINAL.search(text)
    for words in (
        "Sam Okafor",
        "01604 555 0101",
        "the deputy lead, Jo Bloggs (01604 555 0303)",
        "the designated trustee, Priya Shah",
        "0300 126 7000",
        "0800 1111",
        "999",
    ):
        assert words in text, words
    said = {_phrase(match) for match in _TIME.finditer(text)}
    assert said <= {v.TODAY, v.STRAIGHT_AWAY}


@pytest.mark.parametrize("ctx", [DocumentContext(), LONG], ids=["generic", "long"])
def test_each_session_stays_on_one_side_whatever_the_names(ctx):
    for key, sessions in zip(PACKS, (aw.UNDER_11, aw.OVER_11), strict=True):
        found = pages(BUILDERS[key](ctx))
        assert len(found) == 1 + len(sessions), key
        for number, page in enumerate(found[1:], 1):
            assert page.startswith(f"Session {number}: "), (key, page[:80])


@pytest.mark.parametrize("key", BUILDERS)
def test_a_locked_context_builds_with_lines_to_write_on(key):
    text = " ".join(pages(BUILDERS[key](DocumentContext())))
    assert "Riverside" not in text
    assert "our organisation" in text or "your organisation" in text


@pytest.mark.parametrize(
    ("ctx", "said"),
    [
        (DocumentContext(), "An introduction for staff and volunteers at " + "_" * 26 + " "),
        (FULL, "An introduction for staff and volunteers at Riverside Youth Club "),
    ],
    ids=["locked", "known"],
)
def test_the_cover_of_the_slides_reads_as_one_sentence(ctx, said):
    """Built while the records are locked, the cover leaves a line to write the name on,
    "at" kept with it, rather than "...volunteers" over "our organisation"."""
    cover = pages(intro_slides.build_slides(ctx))[0]
    assert said in cover
    assert "volunteers our organisation" not in cover
    laid = [line.text for line in intro_slides.slide_lines(intro_slides.slides(ctx)[0]).lines]
    assert laid[-1] == "at " + (ctx.organisation or "_" * 26)  # "at" kept with the blank
