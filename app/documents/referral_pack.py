"""The referral pack for one concern: the referral summary (optionally with the young
person's chronology), optionally after a fax or post cover sheet, built in memory from
an unlocked session; every print and save goes to the audit log by reference only.

The record digest printed on the pack can be checked here against the stored record
(its current version)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime

from app.casework.decisions import Decisions
from app.casework.records import Records
from app.casework.young_people import YoungPeople
from app.core import errors
from app.documents.context import context_for
from app.documents.cover_sheet import build_cover_sheet
from app.documents.referral import build_referral, chronology_lines
from app.intake.concern.digest import matches, normalise_digest
from app.intake.letterbox import load_concern
from app.keys.audit import EXPORT, PRINT
from app.keys.session import Session
from db.decisions import concern_facts

POLICE = "Police"
NATIONAL_TEAM = "National safeguarding team"
WHAT = "referral"


@dataclass(frozen=True)
class Recipient:
    """Who a pack can be addressed to, with the number printed beside their name."""

    kind: str  # 'duty-team', 'lado', 'police' or 'national-team'
    name: str
    phone: str = ""


@dataclass(frozen=True)
class Pack:
    pdf: bytes
    pages: int
    cover_pages: int  # 0 without a cover sheet


def page_count(pdf: bytes) -> int:
    # deferred: pypdf is heavy; it loads only when a pack's PDFs are joined
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def join(pdfs: list[bytes]) -> bytes:
    """One PDF made of the pages of each, in order (all in memory)."""
    # deferred: pypdf is heavy; it loads only when a pack's PDFs are joined
    from pypdf import PdfWriter

    writer = PdfWriter()
    for pdf in pdfs:
        writer.append(io.BytesIO(pdf))
    out = io.BytesIO()
    writer.write(out)
    writer.close()
    return out.getvalue()


class ReferralPacks:
    def __init__(self, session: Session) -> None:
        self.session = session

    def recipients(self, reference: str | None = None) -> list[str]:
        """The names of who a pack can be for, in the order offered."""
        return [r.name for r in self.recipient_choices(reference)]

    def recipient_choices(self, reference: str | None = None) -> list[Recipient]:
        """Who a pack can be for, with their numbers from Settings: the area's duty team
        first, then the LADO; the LADO first when the concern's worry is about an adult
        who works or volunteers here (cse-facts.md §8.3 rule 8)."""
        ctx = context_for(self.session)
        duty = Recipient(
            "duty-team",
            ctx.duty_team_label.strip() or "Children's social care duty team",
            ctx.duty_team_phone.strip(),
        )
        lado = Recipient(
            "lado",
            ctx.lado_label.strip() or "LADO (Local Authority Designated Officer)",
            ctx.lado_phone.strip(),
        )
        first = [lado, duty] if reference and self._about_adult(reference) else [duty, lado]
        police = Recipient("police", POLICE, ctx.police_non_emergency.strip() or "101")
        return [*first, police, Recipient("national-team", NATIONAL_TEAM)]

    def _about_adult(self, reference: str) -> bool:
        if not self.session.is_unlocked:
            return False  # build() says so plainly
        facts = concern_facts(self.session.require_store(), reference)
        return facts is not None and facts["about_adult"] != "no"

    def build(
        self,
        reference: str,
        *,
        recipient: str,
        recipient_phone: str = "",
        chronology: bool = False,
        cover_sheet: bool = False,
        made_at: datetime | None = None,
    ) -> Pack:
        if not self.session.is_unlocked:
            raise errors.Locked()
        recipient, recipient_phone = recipient.strip(), recipient_phone.strip()
        made_at = made_at or datetime.now().astimezone()  # one time on every page
        concern = Records(self.session).open(reference)  # audited as a view, by reference
        review = Decisions(self.session).review(reference)
        lines = None
        if chronology:
            people = YoungPeople(self.session)
            person = people.for_concern(reference)
            lines = chronology_lines(people.page(person, newest_first=False, seen_elsewhere=False))
        context = context_for(self.session)
        if concern.about_adult == "lead":  # never named as contact or signatory
            context = context.instead_of_lead()

        def summary_after(cover_pages: int) -> bytes:
            return build_referral(
                concern,
                context,
                recipient=recipient,
                recipient_phone=recipient_phone,
                review=review,
                chronology=lines,
                made_at=made_at,
                page_offset=cover_pages,
            )

        if not cover_sheet:
            summary = summary_after(0)
            return Pack(summary, page_count(summary), 0)

        # Numbered across the whole fax: the cover is page 1 of N and the summary runs on
        # from it (the numbers are drawn after layout, so the summary's length is fixed).
        summary = summary_after(1)
        summary_pages = page_count(summary)
        # The cover sheet's count includes itself: guess one page, then settle.
        cover_pages = 1
        for _ in range(3):
            cover = build_cover_sheet(
                context,
                recipient=recipient,
                recipient_phone=recipient_phone,
                pages=cover_pages + summary_pages,
                made_at=made_at,
            )
            found = page_count(cover)
            if found == cover_pages:
                break
            cover_pages = found
        if cover_pages != 1:
            summary = summary_after(cover_pages)
        pdf = join([cover, summary])
        return Pack(pdf, cover_pages + summary_pages, cover_pages)

    def printed(self, reference: str, pages: int) -> bool:
        return self.session.record_audit(
            PRINT, subject=reference, detail={"what": WHAT, "pages": pages}
        )

    def saved(self, reference: str, pages: int) -> bool:
        return self.session.record_audit(
            EXPORT, subject=reference, detail={"what": WHAT, "pages": pages}
        )

    def check_digest(self, reference: str, typed: str) -> bool | None:
        """True: the paper's digest is the stored record's (current version); False: it is
        not; None: what was typed is not a digest at all."""
        if normalise_digest(typed) is None:
            return None
        concern = load_concern(self.session.require_store(), reference)
        return matches(concern, typed)


def check_digest(session: Session, reference: str, typed: str) -> bool | None:
    return ReferralPacks(session).check_digest(reference, typed)
