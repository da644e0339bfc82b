"""Settings, organisation details and the passphrase policy: every refusal has a reason."""

import json

import pytest

from app.core.errors import InvalidInput
from app.core.settings import DECLARED, AppSettings
from app.help.areas import all_areas, area_by_id
from app.keys.passphrase_policy import MIN_LENGTH, refusal, strength
from tests.conftest import make_details


def test_every_setting_has_a_default_and_label():
    for setting in DECLARED:
        assert setting.label
        assert isinstance(setting.default, setting.type)


def test_settings_round_trip_and_unknown_keys_dropped(tmp_path):
    path = tmp_path / "settings.json"
    settings = AppSettings(path)
    settings.update({"duty_team_phone": "0116 305 0005", "idle_lock_minutes": 10})
    path.write_text(json.dumps({**json.loads(path.read_text()), "recent_names": ["x"]}))
    loaded = AppSettings.load(path)
    assert loaded.get("duty_team_phone") == "0116 305 0005"
    assert loaded.get("idle_lock_minutes") == 10
    assert "recent_names" not in loaded.values


def test_damaged_settings_fall_back_to_defaults(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text("{ not json")
    loaded = AppSettings.load(path)
    assert loaded.was_reset
    assert loaded.get("idle_lock_minutes") == 5


def test_bad_setting_values_are_refused_with_reasons(tmp_path):
    settings = AppSettings(tmp_path / "settings.json")
    with pytest.raises(InvalidInput) as caught:
        settings.update({"idle_lock_minutes": 0, "duty_team_phone": "0300\n126"})
    assert "smallest" in caught.value.fields["idle_lock_minutes"]
    assert "hidden characters" in caught.value.fields["duty_team_phone"]
    assert not (tmp_path / "settings.json").exists()


def test_every_area_has_its_numbers():
    areas = {a.id: a for a in all_areas()}
    assert set(areas) == {
        "northamptonshire",
        "leicester-city",
        "leicestershire",
        "rutland",
        "other",
    }
    assert areas["northamptonshire"].duty_team_phone == "0300 126 7000"
    assert areas["northamptonshire"].out_of_hours_phone == "01604 626938"
    assert areas["leicestershire"].duty_team_phone == "0116 305 0005"
    assert areas["rutland"].out_of_hours_phone == "0116 305 0005"
    assert areas["leicester-city"].check_note  # digits not verified: said so on screen
    assert area_by_id("nowhere") is None
    assert [a.name for a in all_areas()][-1] == "Other area"


def test_organisation_details_checked_field_by_field():
    with pytest.raises(InvalidInput) as caught:
        make_details(name="  ", lead_phone="call me", trustee_phone="12").validated()
    assert set(caught.value.fields) == {"name", "lead_phone", "trustee_phone"}
    assert make_details(name="  Zespół Młodzieżowy  ").validated().name == "Zespół Młodzieżowy"
    long_name = "x" * 121
    assert "120 characters" in make_details(name=long_name).cleaned().problems()["name"]
    assert "hidden" in make_details(lead_name="Sam\x07").cleaned().problems()["lead_name"]


@pytest.mark.parametrize(
    "passphrase, repeat, expected",
    [
        ("", "", "Choose a passphrase"),
        ("short one", "short one", "too short"),
        (" kettle orange bicycle", " kettle orange bicycle", "space"),
        ("aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa", "same few characters"),
        ("Password1234", "Password1234", "a password that many people use"),
        ("Riverside Youth Club!", "Riverside Youth Club!", "organisation's name"),
        ("kettle orange bicycle", "kettle orange bicycel", "not the same"),
    ],
)
def test_passphrase_refusals_say_why(passphrase, repeat, expected):
    reason = refusal(passphrase, repeat, ("Riverside Youth Club", "Sam Okafor"))
    assert reason is not None and expected in reason


def test_good_passphrase_accepted_and_hint_grows():
    assert refusal("kettle orange bicycle lantern", "kettle orange bicycle lantern") is None
    assert not strength("abc").acceptable
    assert str(MIN_LENGTH) in strength("abc").label
    assert strength("kettle orange bicycle lantern").label == "Strong."


def test_contact_numbers_must_look_like_numbers(tmp_path):
    settings = AppSettings(tmp_path / "settings.json")
    problems = settings.problems(
        {
            "out_of_hours_phone": "ring the office",
            "police_non_emergency": "101",
            "duty_team_phone": "12",
        }
    )
    assert set(problems) == {"out_of_hours_phone", "duty_team_phone"}
    assert settings.problems({"duty_team_phone": "+44 (0)116 305-0005"}) == {}
