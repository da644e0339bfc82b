"""The screening checklist: loaded from resources/checklists/cse-screening-v<N>.json and
checked thoroughly, so a mistake in the file stops the app loudly instead of mis-scoring.

Every stored concern carries the checklist version it was answered against, so old
versions stay loadable by number: never edit a published file, add a new version.
Action texts carry no phone numbers (the form adds the area's numbers from Settings);
only the national numbers 999, 101 and the helplines in the notes appear.
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

from app.concern.model import WHEN_LAST_SEEN
from app.errors import AppError
from app.paths import resource_dir

LATEST_VERSION = 1

# Tiers from lowest to highest; "none" is a result only (nothing counts), never an item.
TIER_ORDER = ("none", "V", "1", "2", "3", "X")
ITEM_TIERS = ("V", "1", "2", "3", "X")
DECAYING_TIERS = ("V", "1", "2", "3")  # X is settled before recency is looked at
RECENCY_EFFECTS = ("own-tier", "one-tier-lower", "history-only")

# An item's id says its tier, so a mis-typed tier is caught by the id and vice versa.
_ID_PATTERN = {
    "V": re.compile(r"^V\d\d$"),
    "1": re.compile(r"^T1-\d\d$"),
    "2": re.compile(r"^T2-\d\d$"),
    "3": re.compile(r"^T3-\d\d$"),
    "X": re.compile(r"^X\d\d$"),
}
_INDICATOR_KEYS = {"id", "tier", "domain", "text", "hint", "help_topic"}
_RESULT_KEYS = {"label", "meaning", "volunteer_actions", "lead_actions", "rescreen"}
_TOP_KEYS = {
    "version", "title", "sources", "domains", "recency", "count_escalation", "floor_rules",
    "always_refer_action", "display_score_weights", "notes", "results", "indicators",
}
# Area numbers belong in Settings, not here: a long run of digits means one slipped in.
_PHONE = re.compile(r"\d[\d ]{5,}\d")


def tier_rank(tier: str) -> int:
    """Position of a tier in TIER_ORDER: none < V < 1 < 2 < 3 < X."""
    return TIER_ORDER.index(tier)


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

    age_under: int | None  # exactly one of age_under and indicator is set
    indicator: str | None
    raise_from: str
    raise_to: str
    always_refer_from: str


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
    sources: tuple[str, ...]
    indicators: tuple[Indicator, ...] = field(repr=False)  # in the order the form shows
    results: Mapping[str, TierInfo] = field(repr=False)  # one for every tier in TIER_ORDER
    recency_counts: Mapping[str, str]  # WHEN_LAST_SEEN value -> RECENCY_EFFECTS value
    recency_tiers: frozenset[str]  # tiers that recency lowers; the rest never decay
    current_months: int
    historic_months: int
    count_escalation: CountEscalation
    floor_rules: tuple[FloorRule, ...]
    always_refer_action: str
    score_weights: Mapping[str, int]
    notes_always: tuple[str, ...]
    notes_every_tier: tuple[str, ...]
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

    def obj(self, value: Any, where: str, keys: Collection[str],
            optional: Collection[str] = ()) -> dict[str, Any]:
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
            raise self.fail(where, f"unknown tier {value!r} (expected one of "
                                   f"{', '.join(allowed)})")
        return str(value)


def parse_checklist(data: Any, *, help_topics: Collection[str], name: str = "checklist"
                    ) -> Checklist:
    """Check `data` (the parsed JSON) and build the Checklist; ChecklistError on the
    first problem. `help_topics` are the ids that exist as resources/help/<id>.md."""
    r = _Reader(name)
    top = r.obj(data, "top level", _TOP_KEYS)
    version = r.integer(top["version"], "version", 1)
    domains = set(r.texts(top["domains"], "domains"))

    indicators: list[Indicator] = []
    seen: set[str] = set()
    if not isinstance(top["indicators"], list) or not top["indicators"]:
        raise r.fail("indicators", "should be a list of items")
    for n, item in enumerate(top["indicators"]):
        where = f"indicators[{n}]"
        item = r.obj(item, where, _INDICATOR_KEYS, optional={"hint"})
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
        indicators.append(Indicator(item_id, tier, domain, r.text(item["text"], f"{where}.text"),
                                    topic, hint))
    for tier in ITEM_TIERS:
        if not any(i.tier == tier for i in indicators):
            raise r.fail("indicators", f"no item in tier {tier!r}")

    results_raw = r.obj(top["results"], "results", TIER_ORDER)
    results: dict[str, TierInfo] = {}
    for tier in TIER_ORDER:
        where = f"results.{tier}"
        entry = r.obj(results_raw[tier], where, _RESULT_KEYS)
        info = TierInfo(
            tier=tier,
            label=r.text(entry["label"], f"{where}.label"),
            meaning=r.text(entry["meaning"], f"{where}.meaning"),
            volunteer_actions=r.texts(entry["volunteer_actions"], f"{where}.volunteer_actions"),
            lead_actions=r.texts(entry["lead_actions"], f"{where}.lead_actions"),
            rescreen=r.text(entry["rescreen"], f"{where}.rescreen"),
        )
        for action in (*info.volunteer_actions, *info.lead_actions):
            if _PHONE.search(action):
                raise r.fail(where, "actions must not hold phone numbers (they come from "
                                    "Settings)")
        results[tier] = info

    recency = r.obj(top["recency"], "recency",
                    ("current_months", "historic_months", "counts", "applies_to_tiers"))
    current = r.integer(recency["current_months"], "recency.current_months", 1)
    historic = r.integer(recency["historic_months"], "recency.historic_months", 1)
    # The stored answers are the fixed choices in WHEN_LAST_SEEN, which name 6 and 12.
    if (current, historic) != (6, 12):
        raise r.fail("recency", "the months must be 6 and 12, as the stored answers say")
    counts = r.obj(recency["counts"], "recency.counts", WHEN_LAST_SEEN)
    recency_counts: dict[str, str] = {}
    for when in WHEN_LAST_SEEN:
        effect = counts[when]
        if effect not in RECENCY_EFFECTS:
            raise r.fail(f"recency.counts.{when}", f"unknown effect {effect!r}")
        recency_counts[when] = effect
    # An older answer must never count for more than a newer one.
    steps = [RECENCY_EFFECTS.index(recency_counts[w]) for w in WHEN_LAST_SEEN]
    if steps != sorted(steps):
        raise r.fail("recency.counts", "an older answer would count for more than a newer one")
    if not isinstance(recency["applies_to_tiers"], list):
        raise r.fail("recency.applies_to_tiers", "should be a list of tiers")
    recency_tiers = frozenset(
        r.tier(t, "recency.applies_to_tiers", DECAYING_TIERS)
        for t in recency["applies_to_tiers"]
    )

    esc = r.obj(top["count_escalation"], "count_escalation", ("tier", "count_at_least",
                                                               "becomes"))
    escalation = CountEscalation(
        tier=r.tier(esc["tier"], "count_escalation.tier", ("1", "2", "3")),
        count_at_least=r.integer(esc["count_at_least"], "count_escalation.count_at_least", 2),
        becomes=r.tier(esc["becomes"], "count_escalation.becomes", ("1", "2", "3")),
    )
    if tier_rank(escalation.becomes) <= tier_rank(escalation.tier):
        raise r.fail("count_escalation", "must raise the tier, not keep or lower it")

    if not isinstance(top["floor_rules"], list):
        raise r.fail("floor_rules", "should be a list")
    floors: list[FloorRule] = []
    for n, rule in enumerate(top["floor_rules"]):
        where = f"floor_rules[{n}]"
        rule = r.obj(rule, where, ("when", "raise_from", "raise_to", "always_refer_from"))
        when = rule["when"]
        if not isinstance(when, dict) or len(when) != 1 or not (
                set(when) <= {"age_under", "indicator"}):
            raise r.fail(f"{where}.when", "should be {\"age_under\": N} or "
                                          "{\"indicator\": ID}")
        age_under = indicator = None
        if "age_under" in when:
            age_under = r.integer(when["age_under"], f"{where}.when.age_under", 1)
        else:
            indicator = r.text(when["indicator"], f"{where}.when.indicator")
            if indicator not in seen:
                raise r.fail(f"{where}.when", f"no item {indicator!r} in this checklist")
        floor = FloorRule(
            age_under=age_under,
            indicator=indicator,
            raise_from=r.tier(rule["raise_from"], f"{where}.raise_from", TIER_ORDER),
            raise_to=r.tier(rule["raise_to"], f"{where}.raise_to", TIER_ORDER),
            always_refer_from=r.tier(rule["always_refer_from"], f"{where}.always_refer_from",
                                     TIER_ORDER),
        )
        if tier_rank(floor.raise_to) <= tier_rank(floor.raise_from):
            raise r.fail(where, "must raise the tier, not keep or lower it")
        floors.append(floor)

    weights_raw = r.obj(top["display_score_weights"], "display_score_weights", DECAYING_TIERS)
    weights = {t: r.integer(weights_raw[t], f"display_score_weights.{t}") for t in
               DECAYING_TIERS}

    notes = r.obj(top["notes"], "notes", ("always", "every_tier"))
    return Checklist(
        version=version,
        title=r.text(top["title"], "title"),
        sources=r.texts(top["sources"], "sources"),
        indicators=tuple(indicators),
        results=MappingProxyType(results),
        recency_counts=MappingProxyType(recency_counts),
        recency_tiers=recency_tiers,
        current_months=current,
        historic_months=historic,
        count_escalation=escalation,
        floor_rules=tuple(floors),
        always_refer_action=r.text(top["always_refer_action"], "always_refer_action"),
        score_weights=MappingProxyType(weights),
        notes_always=r.texts(notes["always"], "notes.always"),
        notes_every_tier=r.texts(notes["every_tier"], "notes.every_tier", allow_empty=True),
    )
