"""The words of a concern that the lead's full-text search looks through."""

from __future__ import annotations

from app.intake.concern.model import Concern


def search_text(concern: Concern) -> str:
    """Every word of a concern that a lead might search for."""
    person = concern.young_person
    parts = [
        concern.id,
        person.name,
        person.known_as,
        person.school,
        person.address,
        person.carers,
        person.needs_details,
        person.first_language,
        concern.happened_where,
        concern.told_by,
        concern.own_words,
        concern.observations,
        concern.actions_taken,
        concern.police_reference,
        concern.recorder_name,
        concern.recorder_role,
    ]
    parts += [f"{p.name} {p.nickname} {p.description}" for p in concern.people]
    parts += [f"{v.registration} {v.make} {v.colour} {v.details}" for v in concern.vehicles]
    parts += [p.description for p in concern.places]
    parts += [f"{c.value} {c.platform}" for c in concern.contacts]
    parts += [a.details for a in concern.indicators]
    return "\n".join(p for p in parts if p)
