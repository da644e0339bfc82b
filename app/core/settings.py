"""Settings that may live outside the encrypted store, declared once.

Only public service numbers and preferences belong here: this file is plaintext, so it
holds nothing that could identify a person (the organisation's name, the lead and the
trustee live inside records.db). Unknown keys are dropped; a damaged file falls back to
the defaults and says so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, NamedTuple

from app.core.atomic import atomic_write
from app.core.errors import InvalidInput
from app.core.paths import resource_dir
from app.core.small_files import read_small
from app.core.text_checks import phone_problem


class Setting(NamedTuple):  # not a dataclass: on the start-up path (see app/core/paths.py)
    key: str
    type: type
    default: Any
    label: str
    help: str = ""
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = 120
    phone: bool = False
    website: bool = False


DECLARED: tuple[Setting, ...] = (
    Setting("area", str, "", "Area"),
    Setting(
        "duty_team_label",
        str,
        "Children's social care duty team",
        "Children's social care: name",
        "Who to phone to make a referral, as you would say it on the phone.",
    ),
    Setting("duty_team_phone", str, "", "Children's social care: phone", max_length=40, phone=True),
    Setting("duty_team_note", str, "", "Children's social care: note", max_length=300),
    Setting("out_of_hours_phone", str, "", "Out of hours: phone", max_length=40, phone=True),
    Setting(
        "police_non_emergency",
        str,
        "101",
        "Police (not an emergency): phone",
        max_length=40,
        phone=True,
    ),
    # The police force's website (resources/areas/*.json): a public address, no one's name.
    Setting(
        "police_website",
        str,
        "",
        "Police (not an emergency): website",
        "Where to report online when it is not an emergency, for example "
        "www.leics.police.uk. Leave it empty if you do not know it.",
        max_length=80,
        website=True,
    ),
    Setting(
        "idle_lock_minutes",
        int,
        5,
        "Lock the records after (minutes without use)",
        "The records lock themselves when nobody has used the computer for this long.",
        minimum=1,
        maximum=60,
    ),
    Setting(
        "form_idle_minutes",
        int,
        10,
        "Seal an unfinished concern after (minutes without use)",
        "A concern form left alone this long is sealed as it is for the designated lead, "
        "and the screen is cleared.",
        minimum=2,
        maximum=60,
    ),
    # A phone number only, never a name: volunteers see it after sending a concern, with
    # the records locked. It is on the staff leaflet on the wall already.
    Setting(
        "lead_phone",
        str,
        "",
        "Designated lead's phone, for volunteers",
        max_length=40,
        phone=True,
    ),
    # The same for the deputy lead and the designated trustee: a volunteer whose worry is
    # about the designated lead is shown these instead (cse-facts.md §8.3 rule 8).
    Setting(
        "deputy_phone", str, "", "Deputy lead's phone, for volunteers", max_length=40, phone=True
    ),
    Setting(
        "trustee_phone",
        str,
        "",
        "Designated trustee's phone, for volunteers",
        max_length=40,
        phone=True,
    ),
    # The LADO (Local Authority Designated Officer): from the area file, editable.
    Setting(
        "lado_label",
        str,
        "LADO (Local Authority Designated Officer)",
        "LADO: name",
        "Who to phone when a worry is about an adult who works or volunteers with children.",
    ),
    Setting("lado_phone", str, "", "LADO: phone", max_length=40, phone=True),
    Setting("lado_note", str, "", "LADO: note", max_length=300),
    Setting("help_zoom", int, 0, "Help text size", minimum=-3, maximum=8),
    Setting(
        "backups_keep",
        int,
        5,
        "Backups to keep",
        "Older backups of these records in the backup folder are removed after a new one "
        "is made and checked. Other files there are never touched.",
        minimum=1,
        maximum=50,
    ),
    # Retention review (app/keeping/retention.py): a number of years, nothing about anyone.
    Setting(
        "retention_long_years",
        int,
        75,
        "Where CSE was alleged or a referral was made, review the records after (years "
        "after the latest record)",
        "Most records are reviewed at the young person's 25th birthday (NSPCC and IRMS "
        "guidance). Records where CSE was alleged, or a referral was made, may be about "
        "child sexual abuse: the Independent Inquiry into Child Sexual Abuse (IICSA) "
        "suggested keeping those for 75 years. They are reviewed this many years after "
        "the latest record, or at the 25th birthday if that is later. Nothing is ever "
        "deleted without the lead.",
        minimum=25,
        maximum=100,
    ),
    # Training log (app/casework/training.py): how often volunteers need a refresher.
    Setting(
        "training_refresher_years",
        int,
        3,
        "Volunteers need refresher training every (years)",
        "The To do page reminds the lead when a volunteer's last training session is "
        "older than this, or will be within a month.",
        minimum=1,
        maximum=3,
    ),
    # Letterbox folders besides the data folder's own (app/intake/stations.py): a folder
    # shared by every account on this PC, a network share, a synced folder. Paths only.
    Setting(
        "letterbox_folders",
        list,
        [],
        "Other letterbox folders",
        "Concerns from volunteers' accounts and volunteer PCs arrive here. The records "
        "take them in from every folder listed whenever a lead unlocks.",
        maximum=10,
        max_length=400,
    ),
)
BY_KEY = {s.key: s for s in DECLARED}
# Far above any real settings file: a few KiB.
MAX_SETTINGS_BYTES = 1024 * 1024


def check_value(setting: Setting, value: Any) -> str | None:
    """A plain reason the value is refused, or None when it is fine."""
    if setting.type is list:
        return _folders_problem(setting, value)
    if setting.type is int:
        if not isinstance(value, int) or isinstance(value, bool):
            return "Enter a whole number."
        if setting.minimum is not None and value < setting.minimum:
            return f"The smallest allowed is {setting.minimum}."
        if setting.maximum is not None and value > setting.maximum:
            return f"The largest allowed is {setting.maximum}."
        return None
    if not isinstance(value, str):
        return "Enter text."
    if len(value) > setting.max_length:
        return f"Keep this to {setting.max_length} characters or fewer."
    if any(ord(ch) < 32 for ch in value):
        return "Remove line breaks and other hidden characters."
    if setting.phone:
        return phone_problem(value, required=False, what="")
    if setting.website and value and not _WEBSITE.fullmatch(value):
        return "Enter a web address such as www.leics.police.uk, or leave it empty."
    return None


# A web address as printed on a leaflet: a host with dots, perhaps a scheme and a path.
_WEBSITE = re.compile(r"(https?://)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(/[^\s]*)?")


def _folders_problem(setting: Setting, value: Any) -> str | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "Choose folders."
    if setting.maximum is not None and len(value) > setting.maximum:
        return f"Choose {setting.maximum} folders or fewer."
    for folder in value:
        if len(folder) > setting.max_length or any(ord(ch) < 32 for ch in folder):
            return "One of the folders has a name the toolkit cannot use."
        if not Path(folder).is_absolute():
            return "Choose each folder from the folder picker."
    return None


def _area_police_website(area_id: str) -> str:
    """The area's police website, for a settings file saved before the setting existed:
    a lead who set the toolkit up then sees it without choosing the area again. Read from
    the area's file here, not through app/help (core comes first); an empty field the lead
    saved is kept empty."""
    if not re.fullmatch(r"[a-z0-9-]{1,40}", area_id or ""):
        return ""
    try:
        doc = json.loads((resource_dir() / "areas" / f"{area_id}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return ""
    website = doc.get("police_website", "") if isinstance(doc, dict) else ""
    setting = BY_KEY["police_website"]
    return website if isinstance(website, str) and check_value(setting, website) is None else ""


class AppSettings:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.values: dict[str, Any] = {s.key: s.default for s in DECLARED}
        self.was_reset = False

    @classmethod
    def load(cls, path: Path) -> AppSettings:
        settings = cls(path)
        try:
            # Never a hang on a pipe planted there, never a giant read (app/core/small_files.py).
            doc = json.loads(read_small(path, MAX_SETTINGS_BYTES).decode("utf-8"))
            if not isinstance(doc, dict):
                raise ValueError("not an object")
        except FileNotFoundError:
            return settings
        except (OSError, ValueError):
            settings.was_reset = True
            return settings
        for key, value in doc.items():
            setting = BY_KEY.get(key)
            if setting is not None and check_value(setting, value) is None:
                settings.values[key] = value
        if "police_website" not in doc:
            settings.values["police_website"] = _area_police_website(settings.get("area"))
        return settings

    def get(self, key: str) -> Any:
        return self.values[key]

    @staticmethod
    def problems(changes: dict[str, Any]) -> dict[str, str]:
        """A plain reason for each change that would be refused."""
        found = {}
        for key, value in changes.items():
            reason = check_value(BY_KEY[key], value)
            if reason:
                found[key] = reason
        return found

    def update(self, changes: dict[str, Any]) -> None:
        """Check every change first; apply and save only if all are fine."""
        problems = self.problems(changes)
        if problems:
            raise InvalidInput(problems)
        self.values.update(changes)
        self.save()

    def save(self) -> None:
        atomic_write(self.path, (json.dumps(self.values, indent=2) + "\n").encode("utf-8"))
