"""The content of checklist version 2: every item traceable to published tools, tiers
defensible from those sources, what never fades, criminal exploitation with its own
help topic, and wording that never blames the young person (issue 11, items 4, 6, 8).

Version 1 is published and must never change: its bytes are pinned here."""

import hashlib
import json
import re
from pathlib import Path

from app.help.topics import HelpLibrary
from app.intake.concern.model import IndicatorAnswer
from app.screening.checklist import checklist_path, load_checklist
from app.screening.rules import evaluate

ROOT = Path(__file__).parents[3]
V2 = load_checklist(2)
RAW = json.loads(checklist_path(2).read_text(encoding="utf-8"))
ITEMS = {i.id: i for i in V2.indicators}

# sha256 of resources/checklists/cse-screening-v1.json at commit 14a80af, computed once
# with `git show 14a80af:resources/checklists/cse-screening-v1.json | sha256sum`.
V1_SHA256 = "4c66e104807170eb97438a83e8aa7133be25dd6e3a56289cc3458b35025e5952"

# Words that blame the child, or describe abuse as a choice (as in test_screening).
BLAMING = re.compile(
    r"prostitut|promiscu|risky lifestyle|bad choices|child consented|"
    r"consented to",
    re.IGNORECASE,
)
# Said about a child exploited into crime (cse-facts §3.8): never.
BLAMING_CRIMINAL = re.compile(
    r"drug dealer|dealing drugs|involved in drug dealing|by choice|"
    r"gang member|put themselves at risk",
    re.IGNORECASE,
)
# A rating that on its own puts an item in tier 3 or act now: a tool's top level, a
# statutory definition or offence the item meets, or this toolkit's stated rule.
HIGH_LEVEL = {"high", "significant", "serious", "definition", "offence", "imminent harm"}
# §8.3 rule 2: besides every disclosure and act-now item, these never fade.
NEVER_DECAY = {"T3-08", "T3-12", "T3-13", "T3-14"}
INTERNAL_CODE = re.compile(r"\b(?:T[123]-\d\d|V\d\d|X\d\d)\b")
PHONE = re.compile(r"\d{3,}|\d[\d ]{5,}\d")


def test_version_1_is_byte_for_byte_unchanged():
    digest = hashlib.sha256(checklist_path(1).read_bytes()).hexdigest()
    assert digest == V1_SHA256, "cse-screening-v1.json is published: add a version instead"


def test_every_item_names_its_sources_and_every_source_is_listed():
    assert V2.source_names, "the file lists the tools it draws on"
    for name in V2.source_names.values():
        assert len(name) <= 200 and "\n" not in name  # one line, shown to the lead
    used = set()
    for item in V2.indicators:
        assert item.source_refs, f"{item.id} has no source"
        for ref in item.source_refs:
            source, _, rating = ref.partition(":")
            assert source in V2.source_names, f"{item.id}: {source} is not in sources"
            assert rating, f"{item.id}: {ref} gives no rating"
            used.add(source)
        assert len(set(item.source_refs)) == len(item.source_refs), f"{item.id} repeats"
    assert used == set(V2.source_names), "every listed source is used by some item"


def test_serious_and_act_now_items_are_rated_high_by_a_source_or_are_disclosures():
    for item in V2.indicators:
        if item.tier not in ("3", "X") or item.domain == "disclosure":
            continue
        ratings = {ref.partition(":")[2] for ref in item.source_refs}
        assert ratings & HIGH_LEVEL, f"{item.id} is tier {item.tier} but no source rates it high"


def test_disclosures_act_now_and_the_listed_items_never_fade():
    never = {
        i.id
        for i in V2.indicators
        if i.domain == "disclosure" or i.tier == "X" or i.id in NEVER_DECAY
    }
    assert {"T3-01", "T3-02", "T3-03", "X01", "X05"} <= never  # the rule really finds them
    for item_id in never:
        assert ITEMS[item_id].decays is False, f"{item_id} must never decay"
    # Everything else, criminal exploitation included, fades with time as §8.3 says.
    for item in V2.indicators:
        if item.id not in never and item.tier != "V":
            assert item.decays, f"{item.id} is not a disclosure or a never-decay item"


def test_criminal_exploitation_has_its_own_items_domain_and_help_topic():
    assert "criminal" in RAW["domains"]
    criminal = [i for i in V2.indicators if i.exploitation == "criminal"]
    assert {i.tier for i in criminal} >= {"2", "3"}
    for item in criminal:
        assert item.help_topic == "criminal-exploitation", item.id
    assert any("county lines" in i.text for i in criminal)
    assert any(i.domain == "criminal" for i in criminal)
    # A young person telling you about it is a disclosure: it never fades.
    assert any(i.domain == "disclosure" and not i.decays for i in criminal)
    # The help topic the items open exists and is in the "about CSE" chapter.
    library = HelpLibrary.load()
    assert library.has("criminal-exploitation")
    assert library.topic("criminal-exploitation").chapter == "about-cse"


def test_signs_are_sexual_only_when_they_point_to_sexual_exploitation():
    by_kind = {
        kind: {i.id for i in V2.indicators if i.exploitation == kind}
        for kind in ("sexual", "criminal", "any")
    }
    # Disclosures of sexual contact, sex in exchange, images, STIs, under-13s.
    assert {"T3-01", "T3-02", "T3-05", "T3-08", "T3-10", "T3-13", "X03"} <= by_kind["sexual"]
    # Going missing, gifts, phones, older friends, cars: exploitation of any kind.
    assert {"T1-03", "T1-05", "T2-01", "T2-03", "T2-05", "T3-04", "T3-06"} <= by_kind["any"]
    for item_id in by_kind["sexual"]:
        text = ITEMS[item_id].text.lower()
        assert re.search(r"sex|boyfriend|image|infection|pregnan|contracept|stis", text), item_id


def test_county_lines_is_not_called_sexual_exploitation():
    """A 16-year-old made to carry drugs to another town (issue 11)."""
    county_lines = next(
        i for i in V2.indicators if i.exploitation == "criminal" and "county lines" in i.text
    )
    taken = ITEMS["T3-06"]  # taken to other towns
    result = evaluate(
        [IndicatorAnswer(county_lines.id), IndicatorAnswer(taken.id), IndicatorAnswer("T2-01")],
        (),
        16,
        V2,
    )
    assert result.tier == "3"
    assert result.nrm and not result.sexual
    assert "sexually" not in result.meaning


def test_item_text_is_plain_short_and_never_blames():
    for item in V2.indicators:
        words = item.text + " " + item.hint
        assert item.text.endswith("."), item.id
        assert len(item.text) <= 160, item.id
        assert not BLAMING.search(words), f"{item.id}: {BLAMING.search(words).group(0)}"
        assert not BLAMING_CRIMINAL.search(words), item.id
        assert not INTERNAL_CODE.search(words), f"{item.id} shows an internal code"
        assert not PHONE.search(words), f"{item.id} has a number; numbers come from Settings"
    assert not re.search(
        r"offering or selling sex|risky online life",
        " ".join(i.text for i in V2.indicators),
        re.IGNORECASE,
    )


def test_boyfriend_is_in_quotes():
    texts = [i.text for i in V2.indicators if "boyfriend" in i.text.lower()]
    assert texts, "the older-partner item names a boyfriend"
    for text in texts:
        assert not re.search(r'(?<!")boyfriend|boyfriend(?!")', text), text


def test_new_ids_continue_each_tier():
    for tier, prefix in (("1", "T1-"), ("2", "T2-"), ("3", "T3-")):
        numbers = [int(i.id[len(prefix) :]) for i in V2.in_tier(tier)]
        assert numbers == list(range(1, len(numbers) + 1)), f"tier {tier} ids have gaps"
