"""What a printed document knows about the organisation: plain values, no store access.

Built by app/ from the settings (always) and the encrypted store (only when a lead has
unlocked); documents print "your organisation" wording when a field is empty.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from app.help.areas import area_by_id
from app.help.contacts import police_online

if TYPE_CHECKING:
    from app.core.organisation import OrganisationDetails
    from app.core.service import UnlockedRecords
    from app.core.settings import AppSettings


@dataclass(frozen=True)
class DocumentContext:
    organisation: str = ""  # empty when locked: documents then say "your organisation"
    lead_name: str = ""
    lead_role: str = ""
    lead_phone: str = ""
    trustee_name: str = ""
    trustee_role: str = ""
    trustee_phone: str = ""
    deputy_name: str = ""
    deputy_phone: str = ""
    area_name: str = ""
    duty_team_label: str = "Children's social care duty team"
    duty_team_phone: str = ""
    duty_team_note: str = ""
    out_of_hours_phone: str = ""
    police_non_emergency: str = "101"
    police_website: str = ""  # empty: "your local police force's website"
    lado_label: str = "LADO (Local Authority Designated Officer)"
    lado_phone: str = ""
    lado_note: str = ""
    made_on: date | None = None  # the date printed on the document (today if None)
    review_on: date | None = None  # the policy's next review date (a year on if None)
    # The letterbox check words (app/keys/key_words.py); only from the store's own key,
    # so only while a lead has unlocked: printed while locked, the policy leaves a blank.
    key_words: str = ""

    # Who acts as the lead on this document: "Designated lead", or, for a worry about
    # the designated lead, the deputy lead or the designated trustee (instead_of_lead).
    acting_as: str = "Designated lead"

    @property
    def police_online(self) -> str:
        return police_online(self.police_website)

    @property
    def organisation_or_generic(self) -> str:
        return self.organisation or "your organisation"

    def instead_of_lead(self) -> DocumentContext:
        """The same, with the deputy lead (or, if none is recorded, the designated
        trustee) standing where the lead would: a worry about the designated lead never
        names them as its contact or signatory (cse-facts.md §8.3 rule 8)."""
        if self.deputy_name or self.deputy_phone:
            name, role, phone, acting = (
                self.deputy_name,
                "Deputy lead",
                self.deputy_phone,
                "Deputy lead",
            )
        else:
            name, role, phone, acting = (
                self.trustee_name,
                self.trustee_role or "Designated trustee",
                self.trustee_phone,
                "Designated trustee",
            )
        return replace(self, lead_name=name, lead_role=role, lead_phone=phone, acting_as=acting)


def build_context(
    settings: AppSettings, organisation: OrganisationDetails | None = None, key_words: str = ""
) -> DocumentContext:
    """The public numbers always; the organisation's details only when a lead unlocked."""
    area = area_by_id(settings.get("area"))
    numbers = {
        key: settings.get(key)
        for key in (
            "duty_team_label",
            "duty_team_phone",
            "duty_team_note",
            "out_of_hours_phone",
            "police_non_emergency",
            "police_website",
            "lado_label",
            "lado_phone",
            "lado_note",
        )
    }
    context = DocumentContext(area_name=area.name if area else "", **numbers)
    if organisation is None:
        return context
    return replace(
        context,
        organisation=organisation.name,
        lead_name=organisation.lead_name,
        lead_role=organisation.lead_role,
        lead_phone=organisation.lead_phone,
        trustee_name=organisation.trustee_name,
        trustee_role=organisation.trustee_role,
        trustee_phone=organisation.trustee_phone,
        deputy_name=organisation.deputy_name,
        deputy_phone=organisation.deputy_phone,
        key_words=key_words,
    )


def context_for(session: UnlockedRecords) -> DocumentContext:
    """What printed documents may show through `session`: the public numbers, and the
    organisation's details only while a lead has the records unlocked. Here, not on the
    session, so the keys room below never imports documents."""
    if not session.is_unlocked:
        return build_context(session.settings, None)
    # The words from the store's key, never the key file's (which may be someone else's).
    return build_context(session.settings, session.organisation(), session.letterbox_words())
