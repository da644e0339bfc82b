"""The referral pack survives a fax: rendered exactly as a standard-resolution fax sends
it (ghostscript's G3 device at 204 x 98 dpi) and read back by OCR (tesseract), at least
14 of the 15 details a duty team needs come back exactly.

A real store (set up as the `ready` fixture does, unlocked) and the real pack builder
(`ReferralPacks.build`), with the cover sheet, addressed to the duty team from Settings.
Only whitespace is ignored when comparing. Which values were missed is printed. Where
ghostscript or tesseract is missing the test skips and says why; under CI (CI=true) it
fails instead, so the check never silently stops running.

The lead's number, the one to ring back, must read back right wherever it is printed.

Measured with the old pack: 9 of 15 (reference, digest, registration, username, the duty
team's number and the young person's words lost: 0 read as O, Z as 2 or 4, X as xX, I as
|). Now 14 of 15: tesseract reads DejaVu Sans Mono's "l" at the start of "lilmaz_07" as
"L" (a person reading the fax does not), so the margin is one value.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from app.documents.referral_pack import ReferralPacks
from app.intake.concern.codec import from_dict, to_dict
from app.intake.concern.digest import record_digest
from app.intake.concern.model import (
    Concern,
    IndicatorAnswer,
    OnlineContact,
    Vehicle,
    YoungPerson,
)
from app.intake.letterbox import admit
from app.screening.checklist import load_checklist
from app.screening.rules import screen_concern
from tests.conftest import CONTACTS, PASSPHRASE, make_details

NEEDED = 14
LEAD_NAME, LEAD_PHONE = "Sam Okafor", "01632 960 418"
ORGANISATION = "Riverside Youth Club"
# Read back as "C-4EFG" from the fax before (Z as 4).
REFERENCE = "C-ZEFG-40B8"
FIRST_SENTENCE = "He said I owe him for the phone and the lifts."
NOW = datetime(2026, 5, 12, 21, 40, tzinfo=UTC)  # fixed: the digest depends on it


def _tools() -> str | None:
    """Why the fax check cannot run here, or None when it can."""
    missing = [tool for tool in ("gs", "tesseract") if shutil.which(tool) is None]
    if missing:
        return (
            f"{' and '.join(missing)} not installed (Debian: ghostscript, "
            "tesseract-ocr, tesseract-ocr-eng)"
        )
    languages = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, check=False
    ).stdout.split()
    if "eng" not in languages:
        return "tesseract has no English data (Debian: tesseract-ocr-eng)"
    return None


@pytest.fixture
def fax_tools() -> None:
    reason = _tools()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"The fax check must run in CI: {reason}")
    pytest.skip(reason)


def _concern(observations: str) -> Concern:
    return Concern(
        id=REFERENCE,
        checklist_version=2,
        created_at=NOW - timedelta(hours=3),
        submitted_at=NOW - timedelta(hours=2),
        happened_on=NOW.date() - timedelta(days=1),
        happened_time="21:15",
        happened_where="The car park behind the leisure centre",
        how_known="saw",
        young_person=YoungPerson(
            name="Jade Whitmore",
            date_of_birth=date(2010, 3, 14),
            gender="Girl",
            school="Kingsthorpe College",
        ),
        own_words=f"{FIRST_SENTENCE} I don't want to get him in trouble.",
        observations=observations,
        vehicles=[Vehicle("FN10 ZDX", "Ford Focus", "Silver")],
        contacts=[
            OnlineContact("phone", "07700 900 123"),
            OnlineContact("username", "lilmaz_07", "Snapchat"),
        ],
        indicators=[
            IndicatorAnswer("T1-01", "within-6-months", "saw"),
            IndicatorAnswer("T2-03", "within-6-months", "saw"),
        ],
        recorder_name="Priya Shah",
        recorder_role="Volunteer",
        source="direct",
    )


def _realistic_concern() -> Concern:
    """The concern, with an observation worded so its digest holds a 0 beside a digit and
    a Z or a 4, as the digest misread before did (the digest cannot be chosen, only
    found). Not a 0 between two letters: tesseract reads that as O whatever the face
    (tried with five monospace faces, dotted and slashed zeros), where a person reading
    the dotted zero does not, and the digest check takes O for 0 anyway."""
    for number in range(1, 500):
        concern = _concern(f"Got into a silver car twice this week ({number} seen).")
        mark = record_digest(
            admit(from_dict(to_dict(concern)), "direct", screen_concern)
        )  # as stored
        if re.search(r"\d0|0\d", mark) and ("Z" in mark or "4" in mark):
            return concern
    raise AssertionError("no digest with a 0 in it")  # pragma: no cover


def _fax(pdf: bytes, folder: Path) -> str:
    """The pack as a standard G3 fax, read back page by page."""
    (folder / "pack.pdf").write_bytes(pdf)
    subprocess.run(
        [
            "gs",
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-sDEVICE=tiffg3",
            "-r204x98",
            "-sOutputFile=page-%d.tif",
            "pack.pdf",
        ],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=120,
    )
    pages = sorted(folder.glob("page-*.tif"), key=lambda p: int(p.stem.split("-")[1]))
    assert pages
    read = [
        subprocess.run(
            ["tesseract", page.name, "-"],
            cwd=folder,
            check=True,
            capture_output=True,
            text=True,
            timeout=120,
        ).stdout
        for page in pages
    ]
    return "\n".join(read)


def _flat(value: str) -> str:
    """Whitespace left out (OCR puts spaces round hyphens and drops them in numbers);
    every other character must come back exactly."""
    return re.sub(r"\s+", "", value)


@pytest.fixture
def lead(session, recovery_code):
    session.set_up(
        make_details(name=ORGANISATION, lead_name=LEAD_NAME, lead_phone=LEAD_PHONE),
        PASSPHRASE,
        recovery_code,
        dict(CONTACTS),
    )
    if not session.is_unlocked:
        session.unlock(PASSPHRASE)
    return session


@pytest.mark.slow  # prints, rasterises and OCRs a pack
def test_a_faxed_pack_reads_back(lead, tmp_path, fax_tools):
    concern = lead.save_concern_direct(_realistic_concern())
    packs = ReferralPacks(lead)
    duty = packs.recipient_choices(concern.id)[0]
    assert duty.kind == "duty-team" and duty.phone == CONTACTS["duty_team_phone"]
    pack = packs.build(
        concern.id, recipient=duty.name, recipient_phone=duty.phone, cover_sheet=True, made_at=NOW
    )
    result = screen_concern(concern, checklist=load_checklist(2))
    wanted = {
        "young person's name": "Jade Whitmore",
        "date of birth": "14 March 2010",
        "reference": REFERENCE,
        "record digest": record_digest(concern),
        "car registration": "FN10 ZDX",
        "phone number": "07700 900 123",
        "online name": "lilmaz_07",
        "tier": result.label,
        "duty team number": CONTACTS["duty_team_phone"],
        "marking": "OFFICIAL-SENSITIVE",
        "lead's name": LEAD_NAME,
        "lead's phone": LEAD_PHONE,
        "organisation": ORGANISATION,
        "first sentence of the young person's words": FIRST_SENTENCE,
        "recorder": "Priya Shah",
    }
    text = _flat(_fax(pack.pdf, tmp_path))
    missed = {what: value for what, value in wanted.items() if _flat(value) not in text}
    print(f"fax read back {len(wanted) - len(missed)} of {len(wanted)}; missed: {missed}")
    assert len(wanted) - len(missed) >= NEEDED, missed
    # The number a duty team rings back on reads back right everywhere it is printed, in
    # the cover sheet's table and its "if you have received this in error" line too (that
    # one, in the body face's bold, came back as "O1632 960 418").
    printed = _flat(_pdf_text(pack.pdf)).count(_flat(LEAD_PHONE))
    assert printed >= 3
    assert text.count(_flat(LEAD_PHONE)) == printed, "the lead's number misread on the fax"


def _pdf_text(pdf: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace(
        "\xa0", " "
    )


def test_the_pack_is_numbered_across_the_whole_fax(lead):
    import io

    from pypdf import PdfReader

    concern = lead.save_concern_direct(_realistic_concern())
    packs = ReferralPacks(lead)
    duty = packs.recipient_choices(concern.id)[0]
    pack = packs.build(
        concern.id, recipient=duty.name, recipient_phone=duty.phone, cover_sheet=True, made_at=NOW
    )
    found = [
        _flat(page.extract_text()).replace("\xa0", "")
        for page in PdfReader(io.BytesIO(pack.pdf)).pages
    ]
    total = pack.pages
    assert total == len(found) >= 3 and pack.cover_pages == 1
    assert f"{total}inall,includingthissheet" in found[0]
    assert _flat(f"Their phone {duty.phone}") in found[0]
    for number, page in enumerate(found, 1):
        assert f"Page{number}of{total}" in page, number
    # Without a cover sheet the summary is numbered on its own.
    alone = packs.build(concern.id, recipient=duty.name, recipient_phone=duty.phone)
    first = _flat(PdfReader(io.BytesIO(alone.pdf)).pages[0].extract_text())
    assert f"Page1of{alone.pages}" in first
