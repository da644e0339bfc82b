"""The concern's words for people (app/screening/summary.py, issue 11): where a checklist
item comes from, a ticked item's two dates and how it is known, and the record without
item codes or a lower-case "i"."""

import re
from datetime import UTC, date, datetime

from app.intake.concern.model import Concern, IndicatorAnswer
from app.screening.checklist import load_checklist
from app.screening.rules import screen_concern
from app.screening.summary import (
    answer_line,
    inline,
    rating_words,
    record_html,
    result_html,
    source_words,
)

ITEM_CODE = re.compile(r"\b(T[123]-\d\d|V\d\d|X\d\d)\b")


class Settings(dict):
    def get(self, key, default=""):
        return super().get(key, default)


def test_every_item_has_its_sources_in_words():
    checklist = load_checklist()
    for item in checklist.indicators:
        words = source_words(item, checklist)
        assert len(words) == len(item.source_refs), item.id
        for ref, said in zip(item.source_refs, words, strict=True):
            source_id = ref.split(":", 1)[0]
            assert source_id not in said or source_id in checklist.source_names[source_id]
            assert " — " in said


def test_a_rating_on_the_sources_scale_replaces_the_scale():
    checklist = load_checklist()
    item = next(i for i in checklist.indicators if "SERA-matrix:medium" in i.source_refs)
    said = next(w for w in source_words(item, checklist) if w.startswith("SERA"))
    assert said.endswith("(2014) — rated medium")
    assert rating_words("vulnerability") == "listed as a vulnerability"
    assert rating_words("boyfriend") == "listed under “boyfriend”"


def test_i_keeps_its_capital_mid_sentence():
    assert inline("I saw or heard it myself") == "I saw or heard it myself"
    assert inline("The young person told me") == "the young person told me"
    answer = IndicatorAnswer("T2-04", "not-known", "saw", found_out_on=date(2026, 1, 3))
    assert answer_line(answer) == (
        "not sure when it happened or was last seen; found out 03/01/2026; I saw or heard it myself"
    )


def test_the_record_and_result_name_no_item_codes():
    checklist = load_checklist()
    concern = Concern(
        id="C-TEST-0001",
        checklist_version=checklist.version,
        created_at=datetime.now(UTC),
        about_adult="lead",
        danger=(checklist.in_tier("X")[0].id,),
    )
    concern.indicators = [
        IndicatorAnswer(i.id, "over-12-months", "young-person-told", found_out_on=date.today())
        for i in checklist.indicators
        if i.tier in ("1", "2", "3")
    ]
    result = screen_concern(concern, checklist=checklist)
    settings = Settings(
        lado_phone="0300 126 7000",
        deputy_phone="01604 555 0202",
        trustee_phone="01604 555 0303",
        lead_phone="01604 555 0101",
    )
    for html in (
        record_html(concern, checklist, result),
        record_html(concern, checklist, result, for_print=True),
        result_html(result, settings),
    ):
        assert not ITEM_CODE.search(html), ITEM_CODE.search(html)
    shown = result_html(result, settings)
    assert "0300&nbsp;126&nbsp;7000" in shown and "01604&nbsp;555&nbsp;0303" in shown
    assert "01604&nbsp;555&nbsp;0101" not in shown  # about the lead: not the lead's phone


def test_about_the_lead_the_deputy_is_told_as_soon_as_the_result_says():
    from app.screening.summary import about_lead_html

    settings = Settings(lado_phone="0300 126 7000", trustee_phone="01604 555 0303")
    for tier, when in (
        ("X", "straight away"),
        ("3", "straight away"),
        ("2", "today"),
        ("1", "today"),
        ("none", "today"),
    ):
        html = about_lead_html(settings, False, tier)
        assert f"Tell the deputy lead or the designated trustee {when}." in html, tier
    assert "not sent to the letterbox" in about_lead_html(settings, False, "2")
    assert "not saved in the records" in about_lead_html(settings, True, "2")


def test_about_the_lead_the_result_never_sends_the_volunteer_back_to_the_lead():
    settings = Settings(
        lado_label="Leicester City LADO",
        lado_phone="0116 454 2440",
        deputy_phone="01604 555 0202",
        trustee_phone="01604 555 0303",
        lead_phone="01604 555 0101",
    )
    concern = Concern(
        id="C-7K2Q-M9XD",
        checklist_version=2,
        created_at=datetime(2026, 12, 1, 19, 0, tzinfo=UTC),
        about_adult="lead",
        indicators=[IndicatorAnswer("T1-12")],
    )
    html = result_html(screen_concern(concern), settings)
    text = re.sub(r"<[^>]+>", " ", html)
    assert "What your designated lead will do" not in text
    assert "What the deputy lead or the designated trustee will do" in text
    assert "talking to your designated lead" not in text
    assert "01604 555 0101" not in html  # the lead's phone is nowhere
    numbers = html[html.index("<h3>Numbers</h3>") :].replace("&nbsp;", " ")
    assert "0116 454 2440" in numbers and "01604 555 0202" in numbers
    assert "number is below" not in text
