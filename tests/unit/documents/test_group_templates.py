"""The group templates (code of conduct, whistleblowing, information sharing, online
safety): each builds a real PDF carrying the organisation's details, prints lines to write
on (never "None") when the records are locked and keeps its timescales to the vocabulary
(make bench times each build). Text is read back out of the real PDFs with pypdf."""

import io
import re
import unicodedata
from dataclasses import replace

import pytest
from pypdf import PdfReader

from app.documents import group_templates as g
from app.documents import pdf_kit
from app.documents.context import DocumentContext
from app.documents.training_pack import TRAINING_DOCUMENTS
from app.help.areas import area_by_id
from app.help.markdown import ListBlock
from app.screening import vocabulary as v
from app.screening.practice_cases import blaming_words
from tests.unit.documents.test_documents import LONGEST
from tests.unit.help.test_training_topics import (
    LIBRARY,
    _lado_about_the_lead,
    answered_in_the_group,
    untimed_telling,
)


def _from_area(area_id: str) -> DocumentContext:
    """The area's public numbers, as build_context takes them from Settings."""
    area = area_by_id(area_id)
    assert area is not None
    return DocumentContext(
        area_name=area.name,
        duty_team_label=area.duty_team_label,
        duty_team_phone=area.duty_team_phone,
        duty_team_note=area.duty_team_note,
        out_of_hours_phone=area.out_of_hours_phone,
        police_non_emergency=area.police_non_emergency,
        lado_label=area.lado_label,
        lado_phone=area.lado_phone,
        lado_note=area.lado_note,
    )


LEICS = _from_area("leicestershire")  # its LADO number differs from its duty team's
FULL = replace(
    LEICS,
    organisation="Riverside Youth Club",
    lead_name="Sam Okafor",
    lead_role="Youth Leader",
    lead_phone="01604 555 0101",
    deputy_name="Jo Bloggs",
    deputy_phone="01604 555 0303",
    trustee_name="Priya Shah",
    trustee_phone="01604 555 0202",
)
# Every field empty, even the ones that have a default: nothing may print as "None".
ALL_EMPTY = DocumentContext(
    duty_team_label="", police_non_emergency="", lado_label="", acting_as=""
)
BUILDERS = {key: build for key, _title, _name, build in g.GROUP_TEMPLATES}


def pages(pdf: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text().replace("\xa0", " ")) for page in reader.pages]


@pytest.fixture(scope="module")
def built() -> dict[str, list[str]]:
    return {key: pages(build(FULL)) for key, build in BUILDERS.items()}


def test_there_are_the_four_templates_each_with_its_own_file():
    assert list(BUILDERS) == [
        "code-of-conduct",
        "whistleblowing",
        "information-sharing",
        "online-safety",
    ]
    names = [name for _key, _title, name, _build in g.GROUP_TEMPLATES]
    assert len(set(names)) == 4 and all(name.endswith(".pdf") for name in names)


@pytest.mark.parametrize("key", BUILDERS)
def test_each_is_a_headed_numbered_pdf_with_the_organisations_people(built, key):
    pdf = BUILDERS[key](FULL)
    assert pdf.startswith(b"%PDF-")
    found = built[key]
    assert 1 <= len(found) <= 2  # fits two sides: one sheet of paper
    for number, page in enumerate(found, 1):
        assert "Riverside Youth Club" in page
        assert f"Page {number} of {len(found)}" in page
    text = " ".join(found)
    assert "Sam Okafor" in text
    assert "Jo Bloggs" in text and "01604 555 0303" in text
    if key != "information-sharing":  # advice on sharing comes from the lead or deputy
        assert "Priya Shah" in text and "01604 555 0202" in text
    assert "999" in text
    assert blaming_words(text) == []
    assert "None" not in text


@pytest.mark.parametrize("context", [DocumentContext(), ALL_EMPTY], ids=["locked", "empty"])
@pytest.mark.parametrize("key", BUILDERS)
def test_unknown_details_print_as_lines_to_write_on(key, context):
    text = " ".join(pages(BUILDERS[key](context)))
    assert "None" not in text
    assert "Riverside" not in text and "Okafor" not in text
    assert "Organisation: " + pdf_kit.BLANK in text
    assert "Made with the Tackling CSE Toolkit for your organisation" in text
    assert "our organisation" in text
    if key in ("code-of-conduct", "whistleblowing", "online-safety"):
        assert f"Name: {pdf_kit.BLANK}" in text  # the signature block
        assert f"Signed: {pdf_kit.BLANK}" in text
    if key in ("code-of-conduct", "whistleblowing"):  # lead, deputy and trustee: no names
        assert text.count(f"{pdf_kit.BLANK} {pdf_kit.SHORT_BLANK}") >= 3


def test_the_code_of_conduct_covers_each_expectation_and_is_signed_by_both(built):
    text = " ".join(built["code-of-conduct"])
    for heading in (
        "One-to-one time and lifts",
        "Photos and phones",
        "Contact online and by phone",
        "Gifts and favours",
        "Touch",
        "Language and behaviour",
        "Alcohol, drugs and smoking",
        "If you see someone break this code",
        "Agreement",
    ):
        assert heading in text, heading
    assert "group's own accounts" in text
    assert f"Tell the designated lead {v.TODAY} if another adult breaks this code" in text
    assert "Volunteer" in text and "Designated lead (or deputy)" in text
    assert "Name: Sam Okafor" in text  # the lead's line filled in, the volunteer's blank
    assert f"Name: {pdf_kit.BLANK}" in text and f"Date: {pdf_kit.SHORT_BLANK}" in text


def test_whistleblowing_carries_the_lado_number_from_the_area(built):
    text = " ".join(built["whistleblowing"])
    assert LEICS.lado_phone == "0116 305 4141" != LEICS.duty_team_phone
    assert "Leicestershire LADO (allegations line)" in text
    assert "Phone: 0116 305 4141" in text
    assert "CFS-LADO@leics.gov.uk" in text  # the area's note
    assert f"tells {v.LADO_NAME} {v.LADO_WHEN}" in text  # the vocabulary's timescale
    assert "within 1 working day" in text  # what the vocabulary says today
    assert "0808 800 5000" in text  # NSPCC helpline, an outside route
    for needed in ("Sam Okafor", "Jo Bloggs", "Priya Shah", "honestly", "0116 305 0005"):
        assert needed in text, needed


def test_whistleblowing_for_another_area_carries_that_areas_lado():
    rutland = _from_area("rutland")
    text = " ".join(pages(g.build_whistleblowing(rutland)))
    assert rutland.lado_phone and rutland.lado_phone in text
    assert "0116 305 4141" not in text


def test_whistleblowing_without_a_lado_number_leaves_a_line():
    text = " ".join(pages(g.build_whistleblowing(DocumentContext())))
    assert f"Phone: {pdf_kit.BLANK}" in text
    assert "LADO (Local Authority Designated Officer)" in text


def test_information_sharing_has_seven_golden_rules_their_source_and_a_blank_record(built):
    rules_page, form_page = built["information-sharing"]
    assert len(g.GOLDEN_RULES) == 7
    found = re.findall(r"(?:^| )([1-9]) [A-Z]", rules_page.split("Source:")[0])
    assert found == [str(n) for n in range(1, 8)]
    for rule in g.GOLDEN_RULES:
        assert re.sub(r"\s+", " ", rule) in rules_page
    assert (
        "Source: HM Government: Information sharing advice for practitioners providing "
        "safeguarding services for children, young people, parents and carers (2024)"
    ) in rules_page
    assert g.RECORD_TITLE in form_page
    for field in (
        "Date and time of the decision",
        "Shared",
        "Not shared",
        "With whom",
        "Why",
        "Consent",
        "not asked",
        "Who decided",
    ):
        assert field in form_page, field
    assert "Sam Okafor" not in form_page  # the form is blank, to fill in by hand


def test_the_online_safety_agreement_says_the_rules_and_where_to_report(built):
    text = " ".join(built["online-safety"])
    for needed in (
        "Group accounts only",
        "Two adults in every group chat",
        "No private messages",
        "Photos and videos",
        "agreed in writing",
        "CEOP",
        "ceop.police.uk",
        "Child in danger right now 999",
        "Designated lead: Sam Okafor 01604 555 0101",
    ):
        assert needed in text, needed


def test_the_longest_details_still_fit_two_sides():
    context = replace(
        LONGEST,
        deputy_name=LONGEST.trustee_name,
        deputy_phone=LONGEST.trustee_phone,
        lado_label=LEICS.lado_label,
        lado_phone=LEICS.lado_phone,
        lado_note=LEICS.lado_note,
    )
    for key, build in BUILDERS.items():
        found = pages(build(context))
        assert len(found) <= 2, key
        assert "Oluwaseun Adebayo-Fitzgerald" in " ".join(found), key


def test_metadata_carries_no_names():
    for build in BUILDERS.values():
        info = PdfReader(io.BytesIO(build(FULL))).metadata
        assert "Riverside" not in str(dict(info)) and "Okafor" not in str(dict(info))


@pytest.mark.parametrize("organisation", ["Zespół Młodzieżowy", "مركز الشباب", "青年中心"])
@pytest.mark.parametrize("key", BUILDERS)
def test_names_in_other_scripts_survive(key, organisation):
    text = unicodedata.normalize(
        "NFKC", " ".join(pages(BUILDERS[key](DocumentContext(organisation=organisation))))
    )
    # pypdf reads Arabic words back as drawn (see test_documents); either order will do.
    assert organisation in text or " ".join(reversed(organisation.split())) in text
    assert "\x00" not in text  # no character was dropped for want of a glyph


# -- the safeguarding review of issue 16 (review16.md): each rule made mechanical -----------
# A sentence ends at a full stop before a capital, or at a bullet ("•" as pypdf reads it).
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])|\s*•\s*")


def _sentences(text: str) -> list[list[str]]:
    return [_SENTENCE.split(text)]


@pytest.mark.parametrize("key", BUILDERS)
@pytest.mark.parametrize("context", [FULL, DocumentContext()], ids=["named", "locked"])
def test_every_tell_the_lead_says_how_soon(key, context):
    text = " ".join(pages(BUILDERS[key](context)))
    assert untimed_telling(_sentences(text)) == []


def test_the_checker_reads_the_printed_text():
    # The gift line as the code of conduct printed it before the review.
    old = (
        "Gifts and favours If a young person or their family offers you more than a small "
        "thank-you gift, tell the designated lead. Touch Touch a young person only when needed."
    )
    assert untimed_telling(_sentences(old)) == [
        "Gifts and favours If a young person or their family offers you more than a small "
        "thank-you gift, tell the designated lead."
    ]
    named = "Tell the designated lead, Sam Okafor (01604 555 0101) today, in person."
    assert untimed_telling(_sentences(named)) == []


def test_a_personal_message_is_never_answered_in_the_group_chat(built):
    text = " ".join(built["online-safety"])
    assert answered_in_the_group(_SENTENCE.split(text)) == []
    assert "do not discuss it in the group chat, and do not ignore it" in text
    assert f"{v.TIERS['3'].tell_lead} if it is about abuse or danger" in text
    assert "arrange to talk in person, where other adults can see you" in text
    old = "If a young person messages you privately, reply briefly in the group chat or not at all."
    assert answered_in_the_group([old]) == [old]


def test_online_sexual_contact_goes_to_the_lead_straight_away_then_ceop(built):
    text = " ".join(built["online-safety"])
    assert f"tell the designated lead {v.TIERS['3'].tell_lead}. The lead reports it to CEOP" in text
    assert "If you cannot reach the lead or the deputy, report it to CEOP yourself" in text
    assert f"nude image has been shared, tell the designated lead {v.TIERS['2'].tell_lead}" in text


@pytest.mark.parametrize("key", ["whistleblowing", "code-of-conduct"])
def test_a_worry_about_the_lead_goes_to_the_lado_too(built, key):
    text = " ".join(built[key])
    assert _lado_about_the_lead(text), key
    assert f"Tell them {v.STRAIGHT_AWAY} if a child has told you about abuse" in text


def _all_documents() -> dict[str, bytes]:
    docs = {key: build(FULL) for key, build in BUILDERS.items()}
    docs |= {key: build(FULL) for key, _title, _name, build in TRAINING_DOCUMENTS}
    return docs


def test_no_printed_record_is_to_be_shredded():
    # A decision record, or the record of who was trained, is kept (cse-facts 5.3, 6.1):
    # destroying one is a decision the lead writes down, never a line on a form.
    for key, pdf in _all_documents().items():
        assert "shred" not in " ".join(pages(pdf)).lower(), key
    form = " ".join(pages(g.build_information_sharing(FULL)))
    assert "keeps this sheet locked away with the young person's paper records" in form


def test_advice_without_the_childs_name_is_only_for_advice(built):
    assert "without naming the child if you only want advice" in " ".join(
        built["information-sharing"]
    )


def test_the_template_code_is_as_strict_as_the_help_page(built):
    text = " ".join(built["code-of-conduct"])
    page = LIBRARY.topic("code-of-conduct").text
    for rule in ("changing rooms, toilets or sleeping areas", "a gift, however small"):
        assert rule in text and rule in page, rule
    assert "the young person and their parent or carer have agreed" in text
    assert "consent from the young person and their parent or carer" in page
    assert "their parent or carer have agreed it beforehand" in text
    assert "their parent or carer have agreed it beforehand" in page
    assert "small thank-you" not in text


def test_golden_rule_two_says_what_the_help_page_says():
    rules = next(b for b in LIBRARY.topic("information-sharing").blocks if isinstance(b, ListBlock))
    said = "You need not tell them if that could put the child at more risk."
    assert g.GOLDEN_RULES[1].endswith(said) and rules.items[1].endswith(said)
