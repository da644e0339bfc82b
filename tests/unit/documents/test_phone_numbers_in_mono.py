"""Every phone number in every PDF the toolkit makes is set in the mono face's regular
weight, through pdf_kit.phone: read back from a standard fax, the body face's bold 0
came back as O ("O1632 960 418" on the cover sheet, the number a duty team rings
back), and so did the mono face's bold one (tests/unit/documents/test_fax_readback.py).

Each document is built with numbers no other text contains; every run of text drawn
that holds one must be in DejaVu Sans Mono. The slides are left out on purpose: they
are projected at 24 pt or more, never faxed or photocopied small.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pypdf import PdfReader

from app.core.settings import AppSettings
from app.documents import (
    awareness_sessions,
    group_templates,
    leaflets,
    pdf_kit,
    policy,
    route_chart_pdf,
    training_pack,
)
from app.documents.context import DocumentContext
from app.documents.cover_sheet import build_cover_sheet
from app.documents.help_topic_pdf import build_topic_pdf
from app.documents.referral import build_referral
from app.help.contacts import local_contact_rows
from app.help.topics import library
from tests.unit.documents.test_referral_pdf import full_concern, review

NUMBERS = {
    "lead_phone": "01632 960 001",
    "deputy_phone": "01632 960 002",
    "trustee_phone": "01632 960 003",
    "duty_team_phone": "01632 960 004",
    "out_of_hours_phone": "01632 960 005",
    "lado_phone": "01632 960 006",
}
CONTEXT = DocumentContext(
    organisation="Riverside Youth Club",
    area_name="Northamptonshire",
    lead_name="Sam Okafor",
    lead_role="Youth Leader",
    deputy_name="Dee Deputy",
    trustee_name="Tara Trustee",
    trustee_role="Chair",
    duty_team_label="Children's social care duty team",
    lado_label="LADO",
    police_non_emergency="101",
    made_on=date(2026, 12, 3),
    **NUMBERS,
)
NATIONAL = (pdf_kit.NSPCC[1], pdf_kit.CHILDLINE[1], pdf_kit.MISSING_PEOPLE[1], "18001 101")
# 999, 101 and 111, known by heart, stay in the body face inside a sentence ("call 999")
# but not where they stand as a number on their own, as in a table of numbers.
SHORT = re.compile(r"(?:999|101|111)")
# Documents with no phone number on them at all: checked so the list stays true.
NO_NUMBERS = {
    "Made-up cases with model answers",
    "Spot the signs quiz",
    "Quiz answer sheet",
    "Attendance sheet (blank)",
}
MADE = datetime(2026, 12, 3, 19, 30, tzinfo=UTC)


def _contacts_topic() -> bytes:
    settings = AppSettings({k: v for k, v in NUMBERS.items() if k != "lado_phone"})
    return build_topic_pdf(library().topic("contacts"), local_contact_rows(settings))


DOCUMENTS = {
    "staff leaflet": lambda: leaflets.build_staff_leaflet(CONTEXT),
    "parents leaflet": lambda: leaflets.build_parents_leaflet(CONTEXT),
    "young people leaflet": lambda: leaflets.build_young_people_leaflet(CONTEXT),
    "route chart": lambda: route_chart_pdf.build_route_chart(CONTEXT),
    "policy": lambda: policy.build_policy(CONTEXT),
    "cover sheet": lambda: build_cover_sheet(
        CONTEXT, recipient="Duty team", pages=3, recipient_phone=NUMBERS["duty_team_phone"]
    ),
    "referral summary": lambda: build_referral(
        full_concern(),
        CONTEXT,
        recipient="Police",
        recipient_phone="101",
        review=review(full_concern()),
        made_at=MADE,
    ),
    "help: contacts": _contacts_topic,
    **{
        title: (lambda build=build: build(CONTEXT))
        for _key, title, _name, build in (
            *group_templates.GROUP_TEMPLATES,
            *training_pack.TRAINING_DOCUMENTS,
            *awareness_sessions.AWARENESS_DOCUMENTS,
        )
        if build.__name__ != "build_slides"
    },
}


def _runs(pdf: bytes) -> list[tuple[str, str]]:
    """(text, font) of every run of text drawn, non-breaking spaces as spaces."""
    found: list[tuple[str, str]] = []
    for page in PdfReader(io.BytesIO(pdf)).pages:

        def visit(text, _cm, _tm, font, _size, found=found):
            if text.strip():
                name = str(font.get("/BaseFont", "")) if font else ""
                found.append((text.replace("\xa0", " ").strip(), name))

        page.extract_text(visitor_text=visit)
    return found


def test_the_slides_are_the_only_document_left_out():
    every = {
        build.__name__
        for _key, _title, _name, build in (
            *group_templates.GROUP_TEMPLATES,
            *training_pack.TRAINING_DOCUMENTS,
            *awareness_sessions.AWARENESS_DOCUMENTS,
        )
    }
    assert "build_slides" in every and len(DOCUMENTS) == len(every) - 1 + 8


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_phone_number_is_in_the_mono_face(name):
    """Typed numbers go through pdf_kit.phone, numbers in written prose through
    pdf_kit.numbers_in_mono (pdf_kit.bullets does it for every list)."""
    runs = _runs(DOCUMENTS[name]())
    shown = [(text, font) for text, font in runs if _has_number(text)]
    wrong = [(text, font) for text, font in shown if not font.endswith("DejaVuSansMono")]
    assert not wrong, f"{name}: phone numbers not in the mono face: {wrong}"
    # Not vacuous: a number was found whole in a run (a run cut mid-number would hide one).
    assert shown or name in NO_NUMBERS, f"{name}: no phone number found whole"


def _has_number(text: str) -> bool:
    return any(n in text for n in (*NUMBERS.values(), *NATIONAL)) or bool(SHORT.fullmatch(text))


@pytest.mark.parametrize("name", sorted(NO_NUMBERS))
def test_a_document_said_to_have_no_numbers_has_none(name):
    text = " ".join(text for text, _font in _runs(DOCUMENTS[name]()))
    assert not _has_number(text), name


@pytest.mark.parametrize("typed", ["01632.960.418", "+44 (0)1632 960418", "01632-960-418"])
def test_any_number_settings_accepts_is_in_the_mono_face(typed):
    """Settings takes digits with spaces, dots, hyphens, + and brackets
    (app/core/text_checks.py): each prints in the mono face, on the cover sheet too."""
    context = replace(CONTEXT, lead_phone=typed)
    for pdf in (
        leaflets.build_staff_leaflet(context),
        build_cover_sheet(context, recipient="Duty team", pages=2),
    ):
        shown = [(text, font) for text, font in _runs(pdf) if typed in text]
        assert shown and all(font.endswith("DejaVuSansMono") for _t, font in shown), shown
