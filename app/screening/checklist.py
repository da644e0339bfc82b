"""The screening checklist: loaded from resources/checklists/cse-screening-v<N>.json and
checked thoroughly, so a mistake in the file stops the app loudly instead of mis-scoring.

Every stored concern carries the checklist version it was answered against, so old
versions stay loadable by number: never edit a published file, add a new version.
The files hold items and rules; the words for each tier (its name, actions and
timescales) come from app/screening/vocabulary.py, so every version is shown in the same
words. Version 1's own `results`, `notes` and `always_refer_action` are read for their
shape only.

Version 2 (cse-facts.md §8.3 as corrected) adds, per item: `decays` (false for every
disclosure and the items that never fade), `exploitation` (whether the sign points to
sexual exploitation, criminal exploitation or exploitation of any kind) and
`source_refs` (the published tools it comes from); a floor rule on needs recorded about
the young person; and a 'not sure when' answer dated by when the recorder found out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from app.core.errors import AppError
from app.core.paths import resource_dir
from app.intake.concern.model import WHEN_LAST_SEEN
from app.screening import vocabulary
from app.screening.vocabulary import TIER_ORDER, Tier, tier_rank

LATEST_VERSION = 2

__all__ = ["TIER_ORDER", "tier_rank"]  # re-exported: the vocabulary defines them

# What a sign points to (version 2). Version 1 items are all read as "sexual".
EXPLOITATION = ("sexual", "criminal", "any")
# "not-known" (version 2): not sure when; it counts from the day the recorder found out.
NOT_KNOWN = "not-known"
ITEM_TIERS: tuple[Tier, ...] = (Tier.V, Tier.ONE, Tier.TWO, Tier.THREE, Tier.X)
# X is settled before recency is looked at.
DECAYING_TIERS: tuple[Tier, ...] = (Tier.V, Tier.ONE, Tier.TWO, Tier.THREE)
SIGN_TIERS: tuple[Tier, ...] = (Tier.ONE, Tier.TWO, Tier.THREE)  # what a count escalates
RECENCY_EFFECTS = ("own-tier", "one-tier-lower", "history-only")

# An item's id says its tier, so a mis-typed tier is caught by the id and vice versa.
_ID_PATTERN: dict[str, re.Pattern[str]] = {
    Tier.V: re.compile(r"^V\d\d$"),
    Tier.ONE: re.compile(r"^T1-\d\d$"),
    Tier.TWO: re.compile(r"^T2-\d\d$"),
    Tier.THREE: re.compile(r"^T3-\d\d$"),
    Tier.X: re.compile(r"^X\d\d$"),
}
_INDICATOR_KEYS = {"id", "tier", "domain", "text", "hint", "help_topic"}
_INDICATOR_KEYS_V2 = _INDICATOR_KEYS | {"decays", "exploitation", "source_refs"}
_RESULT_KEYS = {"label", "meaning", "volunteer_actions", "lead_actions", "rescreen"}
_TOP_KEYS = {
    "version",
    "title",
    "sources",
    "domains",
    "recency",
    "count_escalation",
    "floor_rules",
    "always_refer_action",
    "display_score_weights",
    "notes",
    "results",
    "indicators",
}
_TOP_KEYS_V2 = {
    "version",
    "title",
    "sources",
    "domains",
    "recency",
    "count_escalation",
    "floor_rules",
    "display_score_weights",
    "indicators",
}
_SOURCE_REF = re.compile(r"^([A-Za-z0-9-]+):([a-z0-9 -]+)$")


class ChecklistError(AppError):
    """The checklist file is missing or malformed. Said with the file's name and the
    first problem found, for whoever maintains the file; no personal data is involved."""

    title = "Checklist problem"
    message = "The screening checklist could not be loaded."
    next_step = "Reinstall the toolkit. If it keeps happening, tell whoever installed it."
    help_topic = "installing"


class UnknownAnswer(ChecklistError):
    """An answer this checklist version cannot read (from a newer version, or damaged).
    Refused rather than skipped: leaving an answer out could lower the result."""

    title = "Answer not understood"
    message = "An answer could not be understood by this version of the checklist."
    next_step = "Nothing was worked out from it. Install the newest version of the toolkit."


class UnknownIndicator(UnknownAnswer):
    """An answer names an item that is not in this checklist version."""

    message = "An answer names a checklist item that this checklist does not have."


@dataclass(frozen=True)
class Indicator:
    id: str
    tier: str  # "V", "1", "2", "3" or "X"
    domain: str
    text: str
    help_topic: str
    hint: str = ""
    decays: bool = True  # False: counts at its own tier whatever its date (§8.3 rule 2)
    exploitation: str = "sexual"  # one of EXPLOITATION
    source_refs: tuple[str, ...] = ()  # "SOURCE-ID:rating", the ids in Checklist.sources

    @property
    def short(self) -> str:
        """The start of the text, for reasons: to the first break that leaves enough to
        recognise the item, or about 50 letters."""
        text = re.sub(r"\s*\([^)]*\)", "", self.text).rstrip(".")
        head = text
        for cut in re.finditer(r"[,;:]", text):
            if cut.start() >= 20:
                head = text[: cut.start()]
                break
        if len(head) > 55:
            head = head[:50].rsplit(" ", 1)[0].rstrip(",;:")
        return head if head == text else head + "…"


@dataclass(frozen=True)
class TierInfo:
    tier: str
    label: str
    meaning: str
    volunteer_actions: tuple[str, ...]
    lead_actions: tuple[str, ...]
    rescreen: str


@dataclass(frozen=True)
class FloorRule:
    """Raise `raise_from` to `raise_to` when the condition holds; from `always_refer_from`
    upwards, a referral to children's social care is always recommended."""

    age_under: int | None  # exactly one of age_under, indicator and needs_recorded is set
    indicator: str | None
    raise_from: str
    raise_to: str
    always_refer_from: str
    needs_recorded: bool = False  # a learning disability, autism or other needs recorded


@dataclass(frozen=True)
class CountEscalation:
    tier: str
    count_at_least: int
    becomes: str


# eq=False: a checklist is cached and compared by identity; its dicts are not hashable.
@dataclass(frozen=True, eq=False)
class Checklist:
    version: int
    title: str
    sources: tuple[str, ...]  # the tools it follows, as sentences
    indicators: tuple[Indicator, ...] = field(repr=False)  # in the order the form shows
    results: Mapping[str, TierInfo] = field(repr=False)  # one for every tier in TIER_ORDER
    recency_counts: Mapping[str, str]  # WHEN_LAST_SEEN value -> RECENCY_EFFECTS value
    current_months: int
    historic_months: int
    count_escalation: CountEscalation
    floor_rules: tuple[FloorRule, ...]
    always_refer_action: str
    score_weights: Mapping[str, int]
    notes_always: tuple[str, ...]
    notes_every_tier: tuple[str, ...]
    source_names: Mapping[str, str] = field(default_factory=dict, repr=False)  # id -> name
    _by_id: Mapping[str, Indicator] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Looked up once per answer on every evaluation, so index it once here.
        object.__setattr__(self, "_by_id", MappingProxyType({i.id: i for i in self.indicators}))

    def indicator(self, indicator_id: str) -> Indicator:
        try:
            return self._by_id[indicator_id]
        except KeyError:
            raise UnknownIndicator(
                f"An answer names checklist item {indicator_id[:20]!r}, which is not in "
                f"checklist version {self.version}."
            ) from None

    def has(self, indicator_id: str) -> bool:
        return indicator_id in self._by_id

    def in_tier(self, tier: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.tier == tier)

    @property
    def notes(self) -> tuple[str, ...]:
        """Shown with every result, whatever the tier."""
        return self.notes_always + self.notes_every_tier


# -- loading ---------------------------------------------------------------------------
def checklist_path(version: int, folder: Path | None = None) -> Path:
    return (folder or resource_dir() / "checklists") / f"cse-screening-v{version}.json"


def help_topic_ids(help_folder: Path | None = None) -> frozenset[str]:
    folder = help_folder or resource_dir() / "help"
    return frozenset(p.stem for p in folder.glob("*.md") if p.stem != "README")


def load_checklist(version: int = LATEST_VERSION, folder: Path | None = None) -> Checklist:
    """The checklist of that version, checked; cached, as the files never change."""
    # One cache key per file, however the caller spelt the arguments.
    return _load(version, checklist_path(version, folder).resolve())


def clear_checklist_cache() -> None:
    """Forget loaded checklists (for tests and the load-time benchmark)."""
    _load.cache_clear()


@lru_cache(maxsize=8)
def _load(version: int, path: Path) -> Checklist:
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ChecklistError(
            f"Screening checklist version {version} is not installed ({path.name} is missing)."
        ) from None
    except OSError as exc:
        raise ChecklistError(f"{path.name} could not be read ({exc.strerror}).") from None
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ChecklistError(
            f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno})."
        ) from None
    checklist = parse_checklist(data, help_topics=help_topic_ids(), name=path.name)
    if checklist.version != version:
        raise ChecklistError(
            f"{path.name} says it is version {checklist.version}, not version {version}."
        )
    return checklist


# -- checking --------------------------------------------------------------------------
class _Reader:
    """Reads one part of the file, naming where a problem is."""

    def __init__(self, name: str) -> None:
        self.name = name

    def fail(self, where: str, problem: str) -> ChecklistError:
        return ChecklistError(f"{self.name}: {where}: {problem}.")

    def obj(
        self, value: Any, where: str, keys: Collection[str], optional: Collection[str] = ()
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "should be an object")
        missing = sorted(set(keys) - set(optional) - set(value))
        if missing:
            raise self.fail(where, f"missing {', '.join(missing)}")
        unknown = sorted(set(value) - set(keys))
        if unknown:
            raise self.fail(where, f"unknown key {', '.join(unknown)}")
        return value

    def text(self, value: Any, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "should be some text")
        return value.strip()

    def texts(self, value: Any, where: str, *, allow_empty: bool = False) -> tuple[str, ...]:
        if not isinstance(value, list) or (not value and not allow_empty):
            raise self.fail(where, "should be a list of texts")
        return tuple(self.text(v, f"{where}[{n}]") for n, v in enumerate(value))

    def integer(self, value: Any, where: str, low: int = 0) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise self.fail(where, f"should be a whole number, at least {low}")
        return value

    def tier(self, value: Any, where: str, allowed: Collection[str] = ITEM_TIERS) -> str:
        if value not in allowed:
            raise self.fail(where, f"unknown tier {value!r} (expected one of {', '.join(allowed)})")
        return str(value)


def parse_checklist(
    data: Any, *, help_topics: Collection[str], name: str = "checklist"
) -> Checklist:
    """Check `data` (the parsed JSON) and build the Checklist; ChecklistError on the
    first problem. `help_topics` are the ids that exist as resources/help/<id>.md."""
    r = _Reader(name)
    if not isinstance(data, dict):
        raise r.fail("top level", "should be an object")
    v2 = data.get("version") != 1
    top = r.obj(data, "top level", _TOP_KEYS_V2 if v2 else _TOP_KEYS)
    version = r.integer(top["version"], "version", 1)
    domains = set(r.texts(top["domains"], "domains"))
    source_names: dict[str, str] = {}
    if v2:
        raw_sources = top["sources"]
        if not isinstance(raw_sources, dict) or not raw_sources:
            raise r.fail("sources", "should be an object of source ids and their names")
        for key, value in raw_sources.items():
            if not _SOURCE_REF.match(f"{key}:x"):
                raise r.fail("sources", f"source id {key!r} should be letters, digits and -")
            source_names[key] = r.text(value, f"sources.{key}")
        sources = tuple(source_names.values())
    else:
        sources = r.texts(top["sources"], "sources")

    recency = r.obj(
        top["recency"],
        "recency",
        ("current_months", "historic_months", "counts")
        if v2
        else ("current_months", "historic_months", "counts", "applies_to_tiers"),
    )
    current = r.integer(recency["current_months"], "recency.current_months", 1)
    historic = r.integer(recency["historic_months"], "recency.historic_months", 1)
    # The stored answers are the fixed choices in WHEN_LAST_SEEN, which name 6 and 12.
    if (current, historic) != (6, 12):
        raise r.fail("recency", "the months must be 6 and 12, as the stored answers say")
    dated = tuple(w for w in WHEN_LAST_SEEN if w != NOT_KNOWN)
    counts = r.obj(recency["counts"], "recency.counts", dated)
    recency_counts: dict[str, str] = {}
    for when in dated:
        effect = counts[when]
        if effect not in RECENCY_EFFECTS:
            raise r.fail(f"recency.counts.{when}", f"unknown effect {effect!r}")
        recency_counts[when] = effect
    # An older answer must never count for more than a newer one.
    steps = [RECENCY_EFFECTS.index(recency_counts[w]) for w in dated]
    if steps != sorted(steps) or steps[0] != 0:
        raise r.fail("recency.counts", "an older answer would count for more than a newer one")
    decaying_tiers: frozenset[str] = frozenset()
    if not v2:
        if not isinstance(recency["applies_to_tiers"], list):
            raise r.fail("recency.applies_to_tiers", "should be a list of tiers")
        decaying_tiers = frozenset(
            r.tier(t, "recency.applies_to_tiers", DECAYING_TIERS)
            for t in recency["applies_to_tiers"]
        )

    indicators: list[Indicator] = []
    seen: set[str] = set()
    if not isinstance(top["indicators"], list) or not top["indicators"]:
        raise r.fail("indicators", "should be a list of items")
    for n, item in enumerate(top["indicators"]):
        where = f"indicators[{n}]"
        item = r.obj(item, where, _INDICATOR_KEYS_V2 if v2 else _INDICATOR_KEYS, optional={"hint"})
        item_id = r.text(item["id"], f"{where}.id")
        where = f"item {item_id}"
        if item_id in seen:
            raise r.fail(where, "this id is used twice")
        seen.add(item_id)
        tier = r.tier(item["tier"], f"{where}.tier")
        if not _ID_PATTERN[tier].match(item_id):
            raise r.fail(where, f"the id does not match tier {tier!r}")
        domain = r.text(item["domain"], f"{where}.domain")
        if domain not in domains:
            raise r.fail(where, f"domain {domain!r} is not in the domains list")
        topic = r.text(item["help_topic"], f"{where}.help_topic")
        if topic not in help_topics:
            raise r.fail(where, f"help topic {topic!r} does not exist in resources/help")
        hint = r.text(item["hint"], f"{where}.hint") if "hint" in item else ""
        text = r.text(item["text"], f"{where}.text")
        if v2:
            decays, kind, refs = _item_v2(r, item, where, tier, domain, source_names)
        else:
            decays, kind, refs = tier in decaying_tiers, "sexual", ()
        indicators.append(Indicator(item_id, tier, domain, text, topic, hint, decays, kind, refs))
    for needed in ITEM_TIERS:
        if not any(i.tier == needed for i in indicators):
            raise r.fail("indicators", f"no item in tier {needed.value!r}")

    if not v2:
        _check_v1_words(r, top)
    results = {tier: _tier_info(tier) for tier in TIER_ORDER}

    esc = r.obj(top["count_escalation"], "count_escalation", ("tier", "count_at_least", "becomes"))
    escalation = CountEscalation(
        tier=r.tier(esc["tier"], "count_escalation.tier", SIGN_TIERS),
        count_at_least=r.integer(esc["count_at_least"], "count_escalation.count_at_least", 2),
        becomes=r.tier(esc["becomes"], "count_escalation.becomes", SIGN_TIERS),
    )
    if tier_rank(escalation.becomes) <= tier_rank(escalation.tier):
        raise r.fail("count_escalation", "must raise the tier, not keep or lower it")

    if not isinstance(top["floor_rules"], list):
        raise r.fail("floor_rules", "should be a list")
    floors = tuple(
        _floor_rule(r, rule, f"floor_rules[{n}]", seen, v2)
        for n, rule in enumerate(top["floor_rules"])
    )

    weights_raw = r.obj(top["display_score_weights"], "display_score_weights", DECAYING_TIERS)
    weights = {
        t.value: r.integer(weights_raw[t], f"display_score_weights.{t.value}")
        for t in DECAYING_TIERS
    }

    return Checklist(
        version=version,
        title=r.text(top["title"], "title"),
        sources=sources,
        indicators=tuple(indicators),
        results=MappingProxyType(results),
        recency_counts=MappingProxyType(recency_counts),
        current_months=current,
        historic_months=historic,
        count_escalation=escalation,
        floor_rules=floors,
        always_refer_action=vocabulary.ALWAYS_REFER_ACTION,
        score_weights=MappingProxyType(weights),
        notes_always=vocabulary.NOTES_ALWAYS,
        notes_every_tier=vocabulary.NOTES_EVERY_TIER,
        source_names=MappingProxyType(source_names),
    )


def _item_v2(
    r: _Reader,
    item: dict[str, Any],
    where: str,
    tier: str,
    domain: str,
    source_names: Mapping[str, str],
) -> tuple[bool, str, tuple[str, ...]]:
    decays = item["decays"]
    if not isinstance(decays, bool):
        raise r.fail(f"{where}.decays", "should be true or false")
    # What never fades (§8.3 rule 2): act-now items and every disclosure. Checked here so
    # a slip in the file can never let a disclosure age out.
    if decays and (tier in (Tier.X, Tier.V) or domain == "disclosure"):
        raise r.fail(where, "act-now items, background factors and disclosures never decay")
    kind = item["exploitation"]
    if kind not in EXPLOITATION:
        raise r.fail(f"{where}.exploitation", f"should be one of {', '.join(EXPLOITATION)}")
    refs = r.texts(item["source_refs"], f"{where}.source_refs")
    for ref in refs:
        match = _SOURCE_REF.match(ref)
        if not match or match.group(1) not in source_names:
            raise r.fail(
                f"{where}.source_refs",
                f"{ref!r} does not name a source in the sources list as SOURCE:rating",
            )
    return decays, kind, refs


def _check_v1_words(r: _Reader, top: dict[str, Any]) -> None:
    """Version 1 kept its own tier words; they are checked for shape and not used."""
    results_raw = r.obj(top["results"], "results", TIER_ORDER)
    for tier in TIER_ORDER:
        r.obj(results_raw[tier], f"results.{tier}", _RESULT_KEYS)
    r.text(top["always_refer_action"], "always_refer_action")
    r.obj(top["notes"], "notes", ("always", "every_tier"))


def _tier_info(tier: str) -> TierInfo:
    words = vocabulary.TIERS[tier]
    return TierInfo(
        tier=tier,
        label=words.label,
        meaning=words.meaning,
        volunteer_actions=words.volunteer_actions,
        lead_actions=words.lead_actions,
        rescreen=words.rescreen,
    )


def _floor_rule(r: _Reader, rule: Any, where: str, seen: Collection[str], v2: bool) -> FloorRule:
    rule = r.obj(rule, where, ("when", "raise_from", "raise_to", "always_refer_from"))
    when = rule["when"]
    kinds = {"age_under", "indicator", "needs_recorded"} if v2 else {"age_under", "indicator"}
    if not isinstance(when, dict) or len(when) != 1 or not set(when) <= kinds:
        raise r.fail(
            f"{where}.when",
            'should be {"age_under": N}, {"indicator": ID} or {"needs_recorded": true}',
        )
    age_under = indicator = None
    needs = False
    if "age_under" in when:
        age_under = r.integer(when["age_under"], f"{where}.when.age_under", 1)
    elif "indicator" in when:
        indicator = r.text(when["indicator"], f"{where}.when.indicator")
        if indicator not in seen:
            raise r.fail(f"{where}.when", f"no item {indicator!r} in this checklist")
    else:
        if when["needs_recorded"] is not True:
            raise r.fail(f"{where}.when.needs_recorded", "should be true")
        needs = True
    floor = FloorRule(
        age_under=age_under,
        indicator=indicator,
        raise_from=r.tier(rule["raise_from"], f"{where}.raise_from", TIER_ORDER),
        raise_to=r.tier(rule["raise_to"], f"{where}.raise_to", TIER_ORDER),
        always_refer_from=r.tier(
            rule["always_refer_from"], f"{where}.always_refer_from", TIER_ORDER
        ),
        needs_recorded=needs,
    )
    if tier_rank(floor.raise_to) <= tier_rank(floor.raise_from):
        raise r.fail(where, "must raise the tier, not keep or lower it")
    return floor
