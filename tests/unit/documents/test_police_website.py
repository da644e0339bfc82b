"""The police force's website on the printed documents, from the area as Settings fills
it in: beside 101 on the staff leaflet and the policy's phone numbers, and in the
parents' leaflet. An "other" area prints where to look instead, never a blank."""

from __future__ import annotations

import io
import json

import pytest
from pypdf import PdfReader

from app.core.settings import AppSettings
from app.documents import leaflets, policy
from app.documents.context import build_context
from app.help.areas import area_by_id
from app.help.contacts import local_contact_rows

FORCES = ("www.leics.police.uk", "www.northants.police.uk")


def _text(pdf: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.replace("\u00a0", " ").split())


def _settings_for(tmp_path, area_id: str) -> AppSettings:
    """The settings as Settings › Area leaves them: the area's numbers filled in."""
    area = area_by_id(area_id)
    assert area is not None
    settings = AppSettings(tmp_path / "settings.json")
    settings.update(
        {
            "area": area.id,
            "police_non_emergency": area.police_non_emergency,
            "police_website": area.police_website,
            "duty_team_phone": area.duty_team_phone,
        }
    )
    return settings


@pytest.mark.parametrize(
    ("area_id", "site"),
    [
        ("leicester-city", "www.leics.police.uk"),
        ("leicestershire", "www.leics.police.uk"),
        ("rutland", "www.leics.police.uk"),
        ("northamptonshire", "www.northants.police.uk"),
    ],
)
def test_the_staff_leaflet_policy_and_parents_leaflet_give_the_forces_website(
    tmp_path, area_id, site
):
    ctx = build_context(_settings_for(tmp_path, area_id))
    assert ctx.police_website == site
    staff = _text(leaflets.build_staff_leaflet(ctx))
    assert f"Police, when it is not an emergency, or online at {site} 101" in staff
    assert f"Police, when it is not an emergency, or online at {site}" in _text(
        policy.build_policy(ctx)
    )
    assert f"or 101 (or report online at {site})" in _text(leaflets.build_parents_leaflet(ctx))
    other = next(f for f in FORCES if f != site)
    assert other not in staff


def test_an_other_area_prints_where_to_look_and_nothing_broken(tmp_path):
    settings = _settings_for(tmp_path, "other")
    assert settings.get("police_website") == ""
    ctx = build_context(settings)
    staff = _text(leaflets.build_staff_leaflet(ctx))
    assert "or online at your local police force's website 101" in staff
    parents = _text(leaflets.build_parents_leaflet(ctx))
    assert "or 101 (or report online at your local police force's website)" in parents
    for text in (staff, parents):
        assert not any(f in text for f in FORCES)
        assert "online at )" not in text and "online at ," not in text
    (police,) = [r for r in local_contact_rows(settings) if r[0] == "Police, not an emergency"]
    assert police[1] == "101, or online at your local police force's website"


def test_a_website_setting_is_checked_like_the_numbers():
    assert AppSettings.problems({"police_website": "www.leics.police.uk"}) == {}
    assert AppSettings.problems({"police_website": "https://www.northants.police.uk/ro"}) == {}
    assert AppSettings.problems({"police_website": ""}) == {}
    for bad in ("ring the station", "leics", "www.leics.police.uk\nmore"):
        assert "police_website" in AppSettings.problems({"police_website": bad})


def test_settings_saved_before_the_website_existed_take_the_areas_site(tmp_path):
    """A toolkit set up before the police website was added has no such key in its
    settings.json: it shows the area's site without the lead choosing the area again,
    and a website the lead cleared on purpose stays cleared."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"area": "leicestershire", "police_non_emergency": "101"}))
    settings = AppSettings.load(path)
    assert settings.get("police_website") == "www.leics.police.uk"
    (police,) = [r for r in local_contact_rows(settings) if r[0] == "Police, not an emergency"]
    assert police[1] == "101, or online at www.leics.police.uk"

    path.write_text(json.dumps({"area": "leicestershire", "police_website": ""}))
    assert AppSettings.load(path).get("police_website") == ""
    for odd in ("../../etc/passwd", "", "no-such-area"):
        path.write_text(json.dumps({"area": odd}))
        assert AppSettings.load(path).get("police_website") == ""


@pytest.mark.parametrize("area_id", ["northamptonshire", "leicestershire"])
def test_the_printed_contacts_topic_keeps_the_website_whole(tmp_path, area_id):
    """Help › Print this topic on Local and national contacts: the website sits in the
    Number column whole (it was cut into "www.northants.po" and "lice.uk")."""
    from app.documents.help_topic_pdf import build_topic_pdf
    from app.help.topics import library

    settings = _settings_for(tmp_path, area_id)
    website = settings.get("police_website")
    pdf = build_topic_pdf(library().topic("contacts"), local_contact_rows(settings))
    lines = PdfReader(io.BytesIO(pdf)).pages[0].extract_text().splitlines()
    assert any(website in line for line in lines), [x for x in lines if "www" in x]
