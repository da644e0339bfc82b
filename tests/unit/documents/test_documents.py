"""Printed documents: what they say, how many sides, names in any script, and the chart layout.

Text is read back out of the real PDFs with pypdf; nothing under test is mocked.
"""

import io
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.documents import leaflets, pdf_kit, policy, route_chart_pdf
from app.documents.charts import route_chart
from app.documents.context import DocumentContext

ROOT = Path(__file__).parents[3]

FULL = DocumentContext(
    organisation="Riverside Youth Club",
    lead_name="Sam Okafor",
    lead_role="Youth Leader",
    lead_phone="01604 555 0101",
    trustee_name="Priya Shah",
    trustee_role="Safeguarding trustee",
    trustee_phone="01604 555 0202",
    area_name="Northamptonshire",
    duty_team_label="Northamptonshire MASH (children's social care)",
    duty_team_phone="0300 126 7000",
    duty_team_note="Choose option 1, then option 1.",
    out_of_hours_phone="01604 626938",
    police_non_emergency="101",
    made_on=date(2025, 3, 1),
)
ALL_EMPTY = DocumentContext(duty_team_label="", police_non_emergency="")
# As long as the settings allow (names 120 characters, phones 40), with spaces as real ones have.
LONGEST = DocumentContext(
    organisation=(
        "The Saint Michael and All Angels Church of England Parish Youth Fellowship "
        "and Community Scout Group, Northampton North"
    )[:120],
    lead_name="Oluwaseun Adebayo-Fitzgerald Montgomery-Smythe Okonkwo-Whitfield",
    lead_role="Designated safeguarding lead, youth and community development worker",
    lead_phone="+44 (0)1604 555 0101 - 07700 900 123",
    trustee_name="Margaret Elizabeth Winterbottom-Hargreaves",
    trustee_phone="+44 (0)1604 555 0202 - 07700 900 456",
    duty_team_label=(
        "Leicestershire First Response Children's Duty Team (24 hours) for the "
        "whole of Leicestershire"
    ),
    duty_team_phone="0116 305 0005 (option 2) 0116 305 0006",
    out_of_hours_phone="0116 305 0005 (option 3, out of hours)",
)

BUILDERS = {
    "staff": leaflets.build_staff_leaflet,
    "parents": leaflets.build_parents_leaflet,
    "young people": leaflets.build_young_people_leaflet,
    "route chart": route_chart_pdf.build_route_chart,
    "policy": policy.build_policy,
}
SIDES = {"staff": {2}, "parents": {1, 2}, "young people": {1}, "route chart": {1}}


def pages(pdf: bytes) -> list[str]:
    """Each page's text, with runs of spaces (and non-breaking spaces) made single."""
    reader = PdfReader(io.BytesIO(pdf))
    return [re.sub(r"\s+", " ", page.extract_text().replace("\xa0", " ")) for page in reader.pages]


def whole(pdf: bytes) -> str:
    return " ".join(pages(pdf))


@pytest.fixture(scope="module")
def built() -> dict[str, bytes]:
    return {name: build(FULL) for name, build in BUILDERS.items()}


# -- what each document says ----------------------------------------------------------------
def test_staff_leaflet_is_two_sides_with_the_lead_and_numbers_on_the_action_side(built):
    side_one, side_two = pages(built["staff"])  # exactly two sides
    assert "Riverside Youth Club" in side_one
    assert "What to do" in side_two and "call 999" in side_two
    for detail in ("Sam Okafor", "Youth Leader", "01604 555 0101", "Priya Shah"):
        assert detail in side_two
    for number in ("999", "101", "0300 126 7000", "01604 626938", "0808 800 5000", "0800 1111"):
        assert number in side_two
    assert "Northamptonshire MASH" in side_two
    assert "Side 1 of 2" in side_one and "Side 2 of 2" in side_two


def test_parents_leaflet_names_the_lead_and_the_helplines(built):
    text = pages(built["parents"])
    assert len(text) in SIDES["parents"]
    everything = " ".join(text)
    for detail in (
        "Riverside Youth Club",
        "Sam Okafor",
        "01604 555 0101",
        "0808 800 5000",
        "999",
        "101",
        "0300 126 7000",
        "01604 626938",
        "ceop.police.uk",
    ):
        assert detail in everything
    assert "not your child's fault" in everything


def test_young_peoples_leaflet_is_one_side_with_the_helplines(built):
    (text,) = pages(built["young people"])
    for detail in ("It is never your fault", "0800 1111", "116 000", "CEOP", "999", "Sam Okafor"):
        assert detail in text


def test_route_chart_is_one_page_with_the_chart_and_local_numbers(built):
    (text,) = pages(built["route chart"])
    assert "What to do if you are worried about a child" in text
    for node in route_chart.load_chart().nodes:  # every box's first words are drawn
        assert " ".join(node.full_text.split()[:2]) in text
    for detail in (
        "999",
        "101",
        "Northamptonshire MASH",
        "0300 126 7000",
        "01604 626938",
        "Sam Okafor",
        "Made with the Tackling CSE Toolkit for Riverside Youth Club",
    ):
        assert detail in text


def test_policy_is_headed_with_the_organisation_and_numbered_on_every_page(built):
    text = pages(built["policy"])
    count = len(text)
    assert count >= 2
    for number, page in enumerate(text, 1):
        assert "Riverside Youth Club: Child sexual exploitation policy" in page
        assert re.findall(r"Page (\d+) of (\d+)", page) == [(str(number), str(count))]
    everything = " ".join(text)
    for detail in (
        "Sam Okafor",
        "01604 555 0101",
        "Priya Shah",
        "01604 555 0202",
        "0300 126 7000",
        "01604 626938",
        "LADO",
        "25th birthday",
        "never deleted automatically",
        "Department for Education",
        "Agreed by the trustees on",
        "Signed",
    ):
        assert detail in everything
    assert "Review by 1 March 2026" in text[0]  # a year after made_on


@pytest.mark.parametrize(
    "context", [FULL, DocumentContext(), LONGEST], ids=["full", "empty", "long"]
)
def test_policy_never_leaves_a_heading_at_the_foot_of_a_page(context):
    text = pages(policy.build_policy(context))
    for page in text[:-1]:
        content = page.split("Made with the Tackling CSE Toolkit")[0].strip()
        assert not re.search(r"\b\d{1,2}\. [A-Z][A-Za-z ,']+$", content), content[-80:]
        assert "Child sexual exploitation policy" in page  # the header, even for long names


def test_policy_review_date():
    assert policy.review_date(FULL) == date(2026, 3, 1)
    assert policy.review_date(DocumentContext(review_on=date(2025, 9, 30))) == date(2025, 9, 30)
    assert policy.review_date(DocumentContext(made_on=date(2024, 2, 29))) == date(2025, 2, 28)
    with_review = whole(policy.build_policy(DocumentContext(review_on=date(2025, 9, 30))))
    assert "30 September 2025" in with_review


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_pdfs_are_a4_and_carry_no_names_in_their_metadata(built, name):
    reader = PdfReader(io.BytesIO(built[name]))
    for page in reader.pages:
        size = sorted((round(float(page.mediabox.width)), round(float(page.mediabox.height))))
        assert size == [595, 842]
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    assert metadata  # set deliberately
    for personal in ("Riverside", "Okafor", "Shah", "0101"):
        assert personal not in metadata


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_no_text_is_smaller_than_10_points(built, name):
    for page in PdfReader(io.BytesIO(built[name])).pages:
        content = page.get_contents().get_data().decode("latin-1")
        sizes = [float(size) for size in re.findall(r"/F\d+ ([\d.]+) Tf", content)]
        assert sizes and min(sizes) >= 10


# -- names in other scripts, empty and very long contexts ------------------------------------
@pytest.mark.parametrize("organisation", ["Zespół Młodzieżowy", "مركز الشباب", "青年中心"])
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_organisation_names_in_other_scripts_survive(name, organisation):
    pdf = BUILDERS[name](DocumentContext(organisation=organisation, lead_name=organisation))
    # Arabic is drawn shaped and in visual order: pypdf reads each word back into logical
    # order but leaves the words as drawn (last first), and NFKC undoes the joined forms.
    text = unicodedata.normalize("NFKC", whole(pdf))
    assert organisation in text or " ".join(reversed(organisation.split())) in text
    assert "\x00" not in text  # no character was dropped for want of a glyph


def test_a_joiner_before_lam_alef_does_not_stop_the_documents():
    # Pasted Arabic can carry a zero-width joiner just before lam-alef; Settings takes it,
    # and the shaping library used to fail on it, so no PDF could be made at all.
    organisation = "\u0645\u0631\u0643\u0632\u200d\u0644\u0627"
    for name, build in BUILDERS.items():
        text = unicodedata.normalize(
            "NFKC", whole(build(DocumentContext(organisation=organisation)))
        )
        assert "\u0645\u0631\u0643\u0632" in text, name


def test_arabic_uses_noto_naskh_and_latin_stays_in_dejavu():
    pdf = leaflets.build_staff_leaflet(DocumentContext(organisation="مركز الشباب"))
    assert b"NotoNaskhArabic" in pdf and b"DejaVuSans" in pdf
    assert b"NotoNaskhArabic" not in leaflets.build_staff_leaflet(FULL)
    assert pdf_kit.runs("Ali مركز") == [("Ali ", None), ("ﺰﻛﺮﻣ", "NotoNaskhArabic-Regular")]


@pytest.mark.parametrize("name", ["青年中心", "김민준 청소년", "日本語クラブ"])
def test_chinese_japanese_korean_use_an_embedded_font(name):
    from reportlab.pdfbase import pdfmetrics

    from app.documents import fonts

    pdf = leaflets.build_staff_leaflet(DocumentContext(organisation=name))
    assert b"WenQuanYiMicroHei" in pdf and b"DejaVuSans" in pdf
    assert b"/FontFile2" in pdf  # embedded, so it prints on a PC without such fonts
    assert b"WenQuanYiMicroHei" not in leaflets.build_staff_leaflet(FULL)
    face = pdfmetrics.getFont(fonts.CJK).face.charToGlyph
    assert all(ord(ch) in face for ch in name if not ch.isspace())
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert name in text


@pytest.mark.parametrize("context", [DocumentContext(), ALL_EMPTY], ids=["default", "empty"])
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_generic_context_builds_with_your_organisation_wording(name, context):
    pdf = BUILDERS[name](context)
    text = pages(pdf)
    if name in SIDES:
        assert len(text) in SIDES[name]
    everything = " ".join(text)
    assert "Made with the Tackling CSE Toolkit for your organisation" in everything
    assert "None" not in everything
    if name in ("route chart", "policy"):
        assert pdf_kit.SHORT_BLANK in everything  # a line to write the lead's details on
    if name == "staff":  # empty rows whose rules are the lines to write on
        assert "Our designated lead Name Role Phone If the worry" in everything
    assert "999" in everything


@pytest.mark.parametrize("name", sorted(SIDES))
def test_the_longest_allowed_details_still_fit_the_sides(name):
    text = pages(BUILDERS[name](LONGEST))
    assert len(text) in SIDES[name]
    assert "Okonkwo-Whitfield" in " ".join(text) or name == "route chart"


def test_generic_policy_asks_for_the_organisation_name():
    first = pages(policy.build_policy(DocumentContext()))[0]
    assert "Organisation: ____" in first
    assert "our organisation" in first


# -- the route chart's data and layout -------------------------------------------------------
def test_chart_file_has_the_route():
    chart = route_chart.load_chart()
    assert len(chart.nodes) <= 10
    kinds = {node.kind for node in chart.nodes}
    assert {"start", "decision", "emergency", "outcome", "step"} <= kinds
    edges = {(edge.source, edge.target): edge.label for edge in chart.edges}
    danger = next(node for node in chart.nodes if node.kind == "decision")
    emergency = next(node for node in chart.nodes if node.kind == "emergency")
    assert "999" in emergency.full_text
    assert edges[(danger.id, emergency.id)] == "Yes"
    assert "No" in [label for (source, _), label in edges.items() if source == danger.id]
    texts = " ".join(node.full_text for node in chart.nodes)
    for phrase in (
        "within 24 hours",
        "LADO",
        "No further action",
        "Early warning",
        "child's own words",
    ):
        assert phrase in texts
    assert len(route_chart.outline(chart)) == len(chart.nodes)


def test_a_broken_chart_file_is_refused(tmp_path):
    bad = tmp_path / "route.json"
    bad.write_text(
        '{"nodes": [{"id": "a", "kind": "blob", "column": 0, "row": 0, "text": "x"}], "edges": []}',
        encoding="utf-8",
    )
    with pytest.raises(route_chart.ChartError):
        route_chart.load_chart(bad)


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


def test_chart_layout_too_narrow_says_so():
    with pytest.raises(route_chart.ChartError):
        route_chart.layout(200, pdf_kit.measure, 14)


@pytest.mark.parametrize("width", [460, 1200])
@pytest.mark.parametrize("font_size", [10, 14])
def test_chart_layout_boxes_do_not_overlap_and_text_fits(width, font_size):
    chart = route_chart.load_chart()
    layout = route_chart.layout(width, pdf_kit.measure, font_size)
    assert [box.id for box in layout.boxes] == [node.id for node in chart.nodes]
    rects = [(box.x, box.y, box.w, box.h) for box in layout.boxes]
    for index, rect in enumerate(rects):
        assert rect[0] >= 0 and rect[0] + rect[2] <= width
        assert rect[1] >= 0 and rect[1] + rect[3] <= layout.height
        for other in rects[index + 1 :]:
            assert not _overlap(rect, other)
    for box in layout.boxes:
        assert box.lines
        for line in box.lines:
            measured = pdf_kit.measure(line.text, font_size, line.bold)
            assert line.x >= box.text_left - 0.01
            assert line.x + measured <= box.text_right + 0.01
            assert box.y <= line.baseline - font_size * 0.95
            assert line.baseline + font_size * 0.25 <= box.bottom
        words = " ".join(line.text.removesuffix("-") for line in box.lines)
        assert words.replace(" ", "") == chart.node(box.id).full_text.replace(" ", "")
    for arrow in layout.arrows:
        if arrow.label_rect:
            for rect in rects:
                assert not _overlap(arrow.label_rect, rect)


def test_chart_arrows_join_the_edges_of_their_boxes():
    layout = route_chart.layout(900, pdf_kit.measure, 11)
    chart = route_chart.load_chart()
    for edge, arrow in zip(chart.edges, layout.arrows, strict=True):
        source, target = layout.box(edge.source), layout.box(edge.target)
        (x0, y0), (x1, y1) = arrow.points[0], arrow.points[-1]
        assert (y0 == source.bottom and source.x < x0 < source.right) or (
            x0 in (source.x, source.right) and y0 == source.centre_y
        )
        assert (y1 == target.y and target.x < x1 < target.right) or (
            x1 in (target.x, target.right) and y1 == target.centre_y
        )
        for (ax, ay), (bx, by) in zip(arrow.points, arrow.points[1:], strict=False):
            assert ax == bx or ay == by  # straight across or straight down


def test_chart_layout_grows_with_the_text_and_refuses_a_hopeless_width():
    small = route_chart.layout(800, pdf_kit.measure, 10)
    large = route_chart.layout(800, pdf_kit.measure, 16)
    assert large.height > small.height * 1.3
    with pytest.raises(route_chart.ChartError):
        route_chart.layout(120, pdf_kit.measure, 12)


def test_wrap_breaks_a_word_too_long_for_the_line():
    lines = route_chart.wrap("a " + "x" * 40, 60, pdf_kit.measure, 10, False)
    assert all(pdf_kit.measure(line, 10, False) <= 60 for line in lines)
    assert "".join(lines).replace("-", "").replace(" ", "") == "a" + "x" * 40
