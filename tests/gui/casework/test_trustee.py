"""A designated trustee sees numbers only: never a name or a detail, anywhere."""

from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QApplication

from app.core import errors
from app.intake.concern.model import Concern, IndicatorAnswer, Vehicle, YoungPerson
from app.intake.concern.reference import new_reference
from app.keys.accounts import Accounts
from tests.conftest import PASSPHRASE
from tests.drivers import (
    all_visible_text,
    click,
    dialog_titled,
    field,
    open_dialogs,
    unlock_through_dialog,
)
from ui.main_window import MainWindow

CANARY = "CANARYxTrusteex42"
TRUSTEE_PASSPHRASE = "violet harbour teapot meadow"


def _concern(tier_item: str) -> Concern:
    return Concern(
        id=new_reference(),
        checklist_version=1,
        created_at=datetime.now(UTC),
        young_person=YoungPerson(name=f"Young {CANARY}"),
        own_words=f"Words {CANARY}",
        vehicles=[Vehicle(registration="AB12 CDE")],
        indicators=[IndicatorAnswer(tier_item)],
        computed_tier="2",
        recorder_name=f"Recorder {CANARY}",
    )


@pytest.fixture
def with_trustee(ready):
    for _ in range(2):
        ready.seal_concern(_concern("T2-03"))
    ready.unlock(PASSPHRASE)
    # Not the canary: the Unlock dialog lists who can unlock (names of leads and trustees
    # are not secret); the canary is in the records, which a trustee must never see.
    Accounts(ready).add("trustee", "Tess Trustee", TRUSTEE_PASSPHRASE, TRUSTEE_PASSPHRASE)
    ready.lock()
    return ready


def test_only_a_lead_adds_accounts_and_refusals_say_why(ready):
    ready.unlock(PASSPHRASE)
    with pytest.raises(errors.InvalidInput) as caught:
        Accounts(ready).add("owner", "", "short", "short")
    assert set(caught.value.fields) == {"role", "display_name", "passphrase"}
    assert "too short" in caught.value.fields["passphrase"]
    account = Accounts(ready).add("deputy", "Deputy Dee", TRUSTEE_PASSPHRASE, TRUSTEE_PASSPHRASE)
    ready.lock()
    report = ready.unlock(TRUSTEE_PASSPHRASE)
    assert report.role == "deputy" and ready.account_id == account
    with pytest.raises(errors.LeadOnly):
        Accounts(ready).add("trustee", "T", "another long phrase", "another long phrase")
    audit = ready.require_store().query_all("SELECT subject, detail FROM audit_log")
    assert "Deputy Dee" not in repr(audit)


def test_a_trustee_sees_numbers_and_no_names(qtbot, with_trustee):
    window = MainWindow(with_trustee)
    qtbot.addWidget(window)
    window.show()
    unlock_through_dialog(
        qtbot, window, TRUSTEE_PASSPHRASE, via="Records", who="Tess Trustee (trustee)"
    )
    for dialog in open_dialogs():
        dialog.accept()
    assert with_trustee.account_role == "trustee"
    summary = field(window, "Summary for the trustee").text()
    assert "Open concerns: 2" in summary and "Referrals made in" in summary
    assert window.records_page is None  # the list of concerns was never built
    for top in QApplication.topLevelWidgets():
        assert CANARY not in all_visible_text(top)
    click(window, "Settings")
    box = dialog_titled("For the designated lead")
    assert "only a designated lead" in box.text()
    assert CANARY not in all_visible_text(box)
