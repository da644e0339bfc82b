"""The local contact numbers for each area, shipped in resources/areas/*.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.core.paths import resource_dir


@dataclass(frozen=True)
class Area:
    id: str
    name: str
    order: int
    duty_team_label: str
    duty_team_phone: str
    duty_team_note: str
    out_of_hours_phone: str
    police_non_emergency: str
    check_note: str
    # The LADO: who to phone when a worry is about an adult who works or volunteers
    # with children (cse-facts.md §7).
    lado_label: str
    lado_phone: str
    lado_note: str
    sources: tuple[str, ...]
    # The police force's website, to report online when it is not an emergency; empty
    # when the area is not known ("your local police force's website").
    police_website: str = ""


@cache
def all_areas(folder: Path | None = None) -> tuple[Area, ...]:
    folder = folder or resource_dir() / "areas"
    areas = []
    for path in folder.glob("*.json"):
        doc = json.loads(path.read_text("utf-8"))
        doc["sources"] = tuple(doc.get("sources", ()))
        areas.append(Area(**doc))
    return tuple(sorted(areas, key=lambda a: a.order))


def area_by_id(area_id: str) -> Area | None:
    return next((a for a in all_areas() if a.id == area_id), None)
