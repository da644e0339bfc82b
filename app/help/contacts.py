"""The organisation's local numbers, as rows for help pages and printed documents."""

from __future__ import annotations

from app.core.settings import AppSettings


def police_online(website: str) -> str:
    """Where to report to the police online: the area's force, or words to find it."""
    return website.strip() or "your local police force's website"


def local_contact_rows(settings: AppSettings) -> list[tuple[str, str, str]]:
    """(who, number, note) for the numbers in Settings, emergency first."""
    rows = [("Emergency: a child in danger now", "999", "Police, ambulance, fire.")]
    if settings.get("police_non_emergency"):
        rows.append(
            (
                "Police, not an emergency",
                f"{settings.get('police_non_emergency')}, or online at "
                f"{police_online(settings.get('police_website'))}",
                "To report a crime or pass on information.",
            )
        )
    rows.append(
        (
            settings.get("duty_team_label") or "Children's social care duty team",
            settings.get("duty_team_phone") or "not set yet: a lead can add it in Settings",
            settings.get("duty_team_note"),
        )
    )
    if settings.get("out_of_hours_phone"):
        rows.append(
            (
                "Children's social care out of hours",
                settings.get("out_of_hours_phone"),
                "Evenings, nights and weekends.",
            )
        )
    # The LADO always has a row, like the duty team: a missing number is said, not hidden.
    rows.append(
        (
            settings.get("lado_label") or "LADO (Local Authority Designated Officer)",
            settings.get("lado_phone") or "not set yet: a lead can add it in Settings",
            " ".join(
                part
                for part in (
                    "A worry about an adult who works or volunteers with children.",
                    settings.get("lado_note"),
                )
                if part
            ),
        )
    )
    return rows
