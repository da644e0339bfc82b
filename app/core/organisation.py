"""The organisation's details: who it is, its area, its designated lead and trustee."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from app.core.errors import InvalidInput
from app.core.text_checks import clean, phone_problem, problem

NAME_MAX = 120


@dataclass(frozen=True)
class OrganisationDetails:
    name: str
    area: str
    lead_name: str
    lead_role: str = ""
    lead_phone: str = ""
    trustee_name: str = ""
    trustee_role: str = ""
    trustee_phone: str = ""
    deputy_name: str = ""
    deputy_phone: str = ""

    def cleaned(self) -> OrganisationDetails:
        return replace(self, **{f.name: clean(getattr(self, f.name)) for f in fields(self)})

    def problems(self) -> dict[str, str]:
        checks = {
            "name": problem(
                self.name, required=True, max_length=NAME_MAX, what="the organisation's name"
            ),
            "area": None if self.area else "Choose your area.",
            "lead_name": problem(
                self.lead_name,
                required=True,
                max_length=NAME_MAX,
                what="the designated lead's name",
            ),
            "lead_role": problem(self.lead_role, required=False, max_length=NAME_MAX, what=""),
            "lead_phone": phone_problem(
                self.lead_phone, required=True, what="a phone number for the designated lead"
            ),
            "trustee_name": problem(
                self.trustee_name, required=False, max_length=NAME_MAX, what=""
            ),
            "trustee_role": problem(
                self.trustee_role, required=False, max_length=NAME_MAX, what=""
            ),
            "trustee_phone": phone_problem(self.trustee_phone, required=False, what=""),
            "deputy_name": problem(self.deputy_name, required=False, max_length=NAME_MAX, what=""),
            "deputy_phone": phone_problem(self.deputy_phone, required=False, what=""),
        }
        return {key: msg for key, msg in checks.items() if msg}

    def validated(self) -> OrganisationDetails:
        """The cleaned details, or InvalidInput naming each field to fix."""
        details = self.cleaned()
        found = details.problems()
        if found:
            raise InvalidInput(found)
        return details
