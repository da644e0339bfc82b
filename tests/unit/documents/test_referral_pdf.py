"""The referral summary, its record digest and the fax cover sheet, read back with pypdf."""

import io
import re
import unicodedata
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from app.casework.decisions import Referral, ReviewState
from app.documents.context import DocumentContext
from app.documents.cover_sheet import build_cover_sheet
from app.documents.referral import ChronologyLine, build_referral
from app.intake.concern import digest
from app.intake.concern.model import (
    Concern,
    IndicatorAnswer,
    InvolvedPerson,
    OnlineContact,
    Place,
    Vehicle,
    YoungPerson,
)

CONTEXT = DocumentContext(
    organisation="Riverside Youth Club",
    lead_name="Sam Okafor",
    lead_role="Youth Leader",
    lead_phone="01604 555 0101",
)
MADE = datetime(2025, 3, 1, 14, 30, tzinfo=UTC)


def full_concern() -> Concern:
    """Every field filled, each with a value that can be found again (a canary)."""
    return Concern(
        id="C-7K2Q-M9XD",
        checklist_version=1,
        created_at=datetime(2025, 2, 27, 18, 0, tzinfo=UTC),
        submitted_at=datetime(2025, 2, 27, 18, 40, tzinfo=UTC),
        danger=("X01",),
        called_999=True,
        police_reference="CANARYPOLREF",
        young_person=YoungPerson(
            name="Canaryname Youngperson",
            known_as="CANARYKNOWNAS",
            date_of_birth=date(2010, 6, 1),
            gender="CANARYGENDER",
            address="CANARYADDRESS Street",
            school="CANARYSCHOOL Academy",
            carers="CANARYCARERS mother",
            needs=("autism",),
            needs_details="CANARYNEEDSDETAIL",
            first_language="CANARYLANGUAGE",
            home_contact_unsafe=True,
            home_contact_unsafe_reason="CANARYUNSAFEREASON",
        ),
        happened_on=date(2025, 2, 26),
        happened_time="21:15",
        happened_where="CANARYWHERE park",
        how_known="someone-else-told",
        told_by="CANARYTOLDBY",
        own_words="CANARYOWNWORDS he said I owe him",
        observations="CANARYOBSERVATIONS",
        actions_taken="CANARYACTIONS",
        phoned_101=True,
        people=[InvolvedPerson("CANARYPERSON", "CANARYNICK", "CANARYDESC", "about 25")],
        vehicles=[Vehicle("CANARYREG", "CANARYMAKE", "CANARYCOLOUR", "CANARYVDETAIL")],
        places=[Place("CANARYPLACE")],
        contacts=[
            OnlineContact("phone", "07700CANARY"),
            OnlineContact("username", "CANARYUSER", "CANARYAPP"),
        ],
        indicators=[
            IndicatorAnswer("T1-01", "within-6-months", "saw", "CANARYINDDETAIL"),
            IndicatorAnswer("T2-02", "6-12-months", "young-person-told"),
        ],
        computed_tier="X",
        recorder_name="CANARYRECORDER",
        recorder_role="CANARYROLE",
        recorder_contact="CANARYCONTACT",
    )


def review(concern: Concern) -> ReviewState:
    referral = Referral(
        1,
        concern.id,
        datetime(2025, 2, 28, 9, 5, tzinfo=UTC),
        "CANARYMASH",
        "CANARYTAKENBY",
        "CANARYTHEIRREF",
        datetime(2025, 3, 1, 9, 5, tzinfo=UTC),
        None,
    )
    return ReviewState(
        concern.id,
        1,
        "referred",
        "X",
        None,
        "",
        None,
        "no",
        "CANARYNOTTOLDWHY",
        None,
        (),
        (referral,),
        (),
    )


def pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", p.extract_text().replace("\xa0", " ")) for p in reader.pages]


def squashed(pdf: bytes) -> str:
    """All the text with no whitespace at all: wrapping cannot hide a word."""
    return re.sub(r"\s+", "", "".join(pages(pdf)).replace("\xa0", ""))


def build(concern: Concern | None = None, **options) -> bytes:
    concern = concern or full_concern()
    options.setdefault("review", review(concern))
    return build_referral(
        concern, CONTEXT, recipient="Northamptonshire MASH", made_at=MADE, **options
    )


def test_every_field_of_a_full_record_appears():
    text = squashed(build())
    canaries = set(re.findall(r"CANARY[A-Z]*", repr(full_concern())))
    canaries |= {"CANARYMASH", "CANARYTAKENBY", "CANARYTHEIRREF", "CANARYNOTTOLDWHY"}
    missing = sorted(c for c in canaries if c not in text)
    assert not missing
    for words in (
        "Canarynameyoungperson".lower(),
        "1june2010",
        "26february2025",
        "21:15",
        "c-7k2q-m9xd",
        "northamptonshiremash",
        "riversideyouthclub",
        "samokafor",
        "01604555",
        "autism",
    ):
        assert words in text.lower(), words


def test_sections_come_in_the_order_a_referral_form_asks():
    text = " ".join(pages(build()))
    order = [
        "1. The young person",
        "2. Parents or carers",
        "3. The concern",
        "4. Screening result",
        "5. People, vehicles",
        "6. Actions taken",
        "7. The referrer",
        "8. Signature",
    ]
    places = [text.index(h) for h in order]
    assert places == sorted(places)


def test_marking_reference_digest_and_page_x_of_y_on_every_page():
    concern = replace(full_concern(), own_words="word " * 3000)
    pdf = build(concern)
    found = pages(pdf)
    assert len(found) >= 3
    mark = digest.record_digest(concern)
    for number, page in enumerate(found, 1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2
        assert f"Page {number} of {len(found)}" in page
        assert concern.id in page and mark in page


@pytest.mark.slow  # renders many pages
def test_a_very_long_own_words_text_runs_over_several_pages_with_nothing_lost():
    words = [f"w{n:05d}" for n in range(6000)]
    own = "\n".join(" ".join(words[i : i + 40]) for i in range(0, len(words), 40))
    unbroken = "Z" * 3000  # one very long word must wrap, not run off the page
    concern = replace(full_concern(), own_words=own + "\n" + unbroken, observations="obs " * 2000)
    pdf = build(concern)
    found = pages(pdf)
    assert len(found) >= 4
    text = squashed(pdf)
    positions = [text.index(w) for w in words]
    assert positions == sorted(positions)
    assert text.count("Z") >= 3000
    assert len([p for p in found if "w0" in p]) >= 2


URDU_LETTERS_DEJAVU_LACKS = "عائشہ خان"  # ہ (U+06C1); also ے and ۓ


@pytest.mark.parametrize(
    "name",
    [
        "Zofia Wiśniewska-Łęcka",
        "محمد العلي",
        "عمران ٹیپو خان",
        "王小明",
        URDU_LETTERS_DEJAVU_LACKS,
    ],
)
def test_names_in_other_scripts_come_out_as_written(name):
    person = replace(full_concern().young_person, name=name)
    concern = replace(full_concern(), young_person=person, people=[InvolvedPerson(name=name)])
    # Arabic and Urdu are drawn shaped (presentation forms) and in visual order: NFKC
    # turns the joined forms back into the letters typed, read from right to left.
    text = unicodedata.normalize("NFKC", " ".join(pages(build(concern))))
    assert (
        name in text
        or name[::-1] in text
        or all(part in text or part[::-1] in text for part in name.split())
    )
    assert "\x00" not in text


@pytest.mark.parametrize("name", ["محمد العلي", "عمران ٹیپو خان", URDU_LETTERS_DEJAVU_LACKS, "ۓ ے"])
def test_arabic_script_names_are_shaped_right_to_left_in_noto_naskh(name):
    import arabic_reshaper
    from bidi import get_display
    from reportlab.pdfbase import pdfmetrics

    from app.documents import fonts, pdf_kit

    person = replace(full_concern().young_person, name=name)
    pdf = build(replace(full_concern(), young_person=person))
    shown = get_display(arabic_reshaper.reshape(name))
    assert pdf_kit.visual(name) == shown != name
    # Every letter is in its joined (presentation) form, and the run is drawn left to
    # right, so read backwards and normalised it is the name exactly as typed.
    assert all(0xFB50 <= ord(c) <= 0xFEFF for c in shown if c != " ")
    assert unicodedata.normalize("NFKC", shown)[::-1] == name
    # pypdf reads each right-to-left word it finds back into logical order but keeps the
    # words where they were drawn: the last word of the name comes out first, on the left.
    text = " ".join(pages(pdf))
    assert " ".join(word[::-1] for word in shown.split()) in text
    assert " ".join(reversed(name.split())) in unicodedata.normalize("NFKC", text)
    assert b"NotoNaskhArabic" in pdf
    fonts.register()
    naskh = pdfmetrics.getFont(fonts.ARABIC).face.charToGlyph
    assert all(ord(c) in naskh for c in shown if c != " ")  # no box for ہ, ے or ۓ


def test_no_review_yet_still_builds_and_says_not_recorded():
    concern = full_concern()
    text = " ".join(pages(build_referral(concern, DocumentContext(), recipient="", made_at=MADE)))
    assert "Parents or carers told Not recorded" in text
    assert "Phone referral None recorded" in text
    assert "your organisation" in text


def test_a_100_entry_chronology_produces_the_right_number_of_pages():
    base = len(pages(build()))
    lines = [
        ChronologyLine(date(2024, 1, 1 + n % 28), f"Entry number E{n:03d}", "Serious")
        for n in range(100)
    ]
    found = pages(build(chronology=lines))
    appendix = found[base:]
    assert appendix and "chronology" in appendix[0]
    per_page = [len(re.findall(r"E\d{3}", page)) for page in appendix]
    assert sum(per_page) == 100
    # Every appendix page but the last is full, so no page is wasted or missing.
    full = per_page[1] if len(per_page) > 2 else per_page[0]
    assert all(n >= full - 1 for n in per_page[1:-1])
    assert len(found) == base + len(appendix)
    entries = re.findall(r"E(\d{3})", " ".join(appendix))
    assert entries == [f"{n:03d}" for n in range(100)]
    for number, page in enumerate(found, 1):
        assert f"Page {number} of {len(found)}" in page


def test_the_cover_sheet_has_nothing_about_the_young_person():
    pdf = build_cover_sheet(CONTEXT, recipient="Northamptonshire MASH", pages=4, made_at=MADE)
    found = pages(pdf)
    assert len(found) == 1
    text = found[0]
    assert "CANARY" not in text.upper() and "Canaryname" not in text
    assert "C-7K2Q-M9XD" not in text
    for words in (
        "Northamptonshire MASH",
        "Riverside Youth Club",
        "01604 555 0101",
        "4 in all, including this sheet",
        "received this in error",
        "OFFICIAL-SENSITIVE",
        "Page 1 of 4",
    ):  # of every page sent
        assert words in text
    assert text.count("OFFICIAL-SENSITIVE") >= 2
    # No number for them: a line to write it on, under their name.
    assert "Their phone From" in text


def test_the_cover_sheet_gives_the_recipients_name_and_number():
    text = pages(
        build_cover_sheet(
            CONTEXT,
            recipient="Northamptonshire MASH",
            pages=3,
            recipient_phone="0300 126 7000",
            made_at=MADE,
        )
    )[0]
    assert "To Northamptonshire MASH Their phone 0300 126 7000" in text
    assert "Our phone 01604 555 0101" in text


def test_a_summary_after_a_cover_numbers_on_from_it():
    found = pages(build(replace(full_concern(), own_words="word " * 2000), page_offset=1))
    assert len(found) >= 2
    for number, page in enumerate(found, 2):
        assert f"Page {number} of {len(found) + 1}" in page


def _drawn(pdf: bytes) -> list[tuple[str, str, float]]:
    """(text, font, size in points) of every run drawn, from the page content."""
    runs = []
    for page in PdfReader(io.BytesIO(pdf)).pages:

        def visit(text, cm, tm, font, size, runs=runs):
            if text.strip():
                runs.append(
                    (
                        text.strip(),
                        str(font.get("/BaseFont", "")) if font else "",
                        size * abs(tm[3]) * abs(cm[3]),
                    )
                )

        page.extract_text(visitor_text=visit)
    return runs


def test_reference_digest_and_numbers_are_in_the_monospace_face_at_12_pt_or_more():
    # DejaVu Sans Mono dots its zero, so 0 is not read as O off a fax (issue 12).
    concern = full_concern()
    mark = digest.record_digest(concern)
    drawn = _drawn(build(concern, recipient_phone="0300 126 7000"))
    for value in (
        concern.id,
        mark,
        "0300 126 7000",
        "01604 555 0101",
        "CANARYREG",
        "07700CANARY",
        "CANARYUSER",
    ):
        found = [(font, size) for text, font, size in drawn if value in text]
        assert found, value
        assert all(font.endswith("DejaVuSansMono") and size >= 12 for font, size in found), (
            value,
            found,
        )
    # The reference and the digest are on every page, at the foot, in that face.
    assert len([1 for text, font, _ in drawn if text == mark]) >= 2


def test_the_young_persons_words_are_set_in_a_serif_face_unless_it_lacks_a_letter():
    drawn = _drawn(build())
    assert any("CANARYOWNWORDS" in text and font.endswith("DejaVuSerif") for text, font, _ in drawn)
    hebrew = replace(full_concern(), own_words="CANARYOWNWORDS \u05e9\u05dc\u05d5\u05dd")
    assert not any(font.endswith("DejaVuSerif") for _, font, _ in _drawn(build(hebrew)))


@pytest.mark.parametrize(
    ("recipient", "phone", "shown"),
    [
        ("Police", "101", True),  # someone other than the duty team: their number is given
        ("Children's social care duty team", "0300 126 7000", False),  # already "Their phone"
    ],
)
def test_the_duty_teams_number_is_in_the_summary(recipient, phone, shown):
    context = replace(CONTEXT, duty_team_phone="0300 126 7000")
    text = " ".join(
        pages(
            build_referral(
                full_concern(), context, recipient=recipient, recipient_phone=phone, made_at=MADE
            )
        )
    )
    assert f"Their phone {phone}" in text
    assert ("Children's social care duty team 0300 126 7000" in text) is shown
    assert "0300 126 7000" in text


def test_with_no_duty_team_number_there_is_a_line_to_write_it_on():
    text = " ".join(
        pages(build_referral(full_concern(), CONTEXT, recipient="Police", made_at=MADE))
    )
    assert "Children's social care duty team Phone ____" in text


def test_metadata_names_nobody():
    pdf = build()
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert "Canary" not in repr(dict(info)) and "C-7K2Q" not in repr(dict(info))


def test_digest_is_stable_changes_with_the_record_and_reads_back_typed():
    concern = full_concern()
    mark = digest.record_digest(concern)
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", mark)
    assert digest.record_digest(full_concern()) == mark
    assert digest.record_digest(replace(concern, observations="changed")) != mark
    typed = mark.lower().replace("-", " ").replace("0", "o").replace("1", "l")
    assert digest.normalise_digest(typed) == mark
    assert digest.matches(concern, typed)
    assert not digest.matches(replace(concern, observations="changed"), mark)
    assert digest.normalise_digest("too short") is None
    assert digest.normalise_digest("UUUU-UUUU-UUUU") is None


def test_chronology_lines_adapts_a_person_page_oldest_first_and_short():
    from app.casework.young_people import ChronologyItem
    from app.documents.referral import chronology_lines

    def item(on, source, summary, tier):
        return ChronologyItem(
            on,
            datetime(on.year, on.month, on.day, tzinfo=UTC),
            source,
            "C-7K2Q-M9XD" if source == "concern" else "",
            None,
            "concern" if source == "concern" else "phone-call",
            tier,
            tier,
            "new",
            summary,
            False,
            "",
            True,
        )

    class Page:
        chronology = (
            item(date(2025, 3, 2), "entry", "x" * 500, None),
            item(date(2025, 1, 5), "concern", "Went missing", "3"),
        )

    lines = chronology_lines(Page())
    assert [line.on for line in lines] == [date(2025, 1, 5), date(2025, 3, 2)]
    assert lines[0].text == "Concern C-7K2Q-M9XD: Went missing" and lines[0].tier
    assert lines[1].text.startswith("Phone call: x") and lines[1].text.endswith("…")
    assert len(lines[1].text) < 250


@pytest.mark.parametrize(
    ("about", "words"),
    [
        ("staff", "A member of staff, a volunteer or a trustee"),
        ("lead", "The designated lead"),
    ],
)
def test_a_worry_about_an_adult_here_says_so(about, words):
    # Whoever the pack goes to (the LADO, the duty team) must see it at once.
    text = squashed(build(replace(full_concern(), about_adult=about)))
    assert re.sub(r"\s+", "", f"Worry about an adult here {words}") in text


def test_no_worry_about_an_adult_adds_no_line():
    assert "Worryaboutanadulthere" not in squashed(build())


@pytest.mark.parametrize(
    ("deputy", "acting", "name", "phone"),
    [
        ("Dee Deputy", "Deputy lead", "Dee Deputy", "01604 555 0202"),
        ("", "Designated trustee", "Terry Trustee", "01604 555 0303"),
    ],
)
def test_a_worry_about_the_lead_never_names_them_as_contact_or_signatory(
    deputy, acting, name, phone
):
    context = replace(
        CONTEXT,
        deputy_name=deputy,
        deputy_phone="01604 555 0202" if deputy else "",
        trustee_name="Terry Trustee",
        trustee_phone="01604 555 0303",
    )
    concern = replace(full_concern(), about_adult="lead")
    summary = "".join(
        pages(
            build_referral(
                concern, context, recipient="The LADO", review=review(concern), made_at=MADE
            )
        )
    )
    assert "Sam Okafor" not in summary and "01604 555 0101" not in summary
    assert f"The referrer and the {acting.lower()}" in summary
    assert name in summary and phone in summary
    assert f"Signed ({acting.lower()})" in summary
    cover = "".join(
        pages(
            build_cover_sheet(
                context.instead_of_lead(), recipient="The LADO", pages=4, made_at=MADE
            )
        )
    )
    assert "Sam Okafor" not in cover and "01604 555 0101" not in cover
    assert name in cover and phone in cover
    # Any other worry names the lead as before.
    ordinary = "".join(pages(build(replace(full_concern(), about_adult="staff"))))
    assert "Sam Okafor" in ordinary and "Signed (designated lead)" in ordinary


def test_a_long_number_or_username_wraps_in_its_cell_and_other_scripts_still_print():
    from app.documents import pdf_kit

    long_name = "CANARYLONG" + "x7" * 60
    concern = replace(
        full_concern(),
        contacts=[OnlineContact("username", long_name), OnlineContact("username", "王小明_07")],
    )
    pdf = build(concern)
    assert long_name in squashed(pdf)
    assert "王小明_07" in " ".join(pages(pdf))  # not in the monospace face: set as text
    lines = [text for text, _font, _size in _drawn(pdf) if "x7x7" in text]
    assert len(lines) >= 2  # broken over lines, each within the value column
    column = pdf_kit.frame_width(side_mm=18) * 0.7
    assert all(pdf_kit.code_width(line) <= column for line in lines)
