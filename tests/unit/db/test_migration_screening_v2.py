"""Migration 0013 on a store that already holds concerns: every answer kept, with its
position and details, the new columns empty, and the old records still readable and
screened with the checklist version they were made with (issue 11)."""

import secrets
from dataclasses import replace

import pytest

from app.intake.letterbox import load_concern
from app.screening.rules import screen_concern
from db.store import Store

CANARY = "CANARYmigration13"


@pytest.fixture
def key():
    return bytearray(secrets.token_bytes(32))


def _old_store(path, key):
    """A store as schema 12 left it, with one concern and two answers, written in SQL."""
    with Store.create(path, key, target_version=12) as old, old.transaction():
        old.execute(
            "INSERT INTO young_people (id, name, created_at) "
            "VALUES (1, ?, '2025-01-01T00:00:00+00:00')",
            (f"Jade {CANARY}",),
        )
        old.execute(
            "INSERT INTO concerns (id, young_person_id, checklist_version, created_at, "
            "imported_at, status, source, how_known, computed_tier, own_words, "
            "content_digest) VALUES ('C-7K2Q-M9XD', 1, 1, '2025-01-10T18:00:00+00:00', "
            "'2025-01-11T09:00:00+00:00', 'submitted', 'letterbox', 'young-person-told', "
            "'none', ?, 'x')",
            (f"He made me {CANARY}",),
        )
        for position, (item, when, details) in enumerate(
            [("T3-01", "over-12-months", f"told me {CANARY}"), ("V02", "within-6-months", "")]
        ):
            old.execute(
                "INSERT INTO concern_indicators (concern_id, position, indicator_id, "
                "checklist_version, when_last_seen, how_known, details) "
                "VALUES ('C-7K2Q-M9XD', ?, ?, 1, ?, 'young-person-told', ?)",
                (position, item, when, details),
            )


def test_an_old_store_is_brought_up_to_date_with_every_answer_kept(tmp_path, key):
    path = tmp_path / "records.db"
    _old_store(path, key)
    with Store.open(path, key, backup_dir=tmp_path) as store:
        assert store.schema_version >= 14
        rows = store.query_all(
            "SELECT position, indicator_id, checklist_version, when_last_seen, details, "
            "found_out_on FROM concern_indicators ORDER BY position"
        )
        assert rows == [
            (0, "T3-01", 1, "over-12-months", f"told me {CANARY}", None),
            (1, "V02", 1, "within-6-months", "", None),
        ]
        assert store.query_one("SELECT about_adult FROM concerns")[0] == "no"
        assert store.query_all("PRAGMA foreign_key_check") == []
        indexes = {r[1] for r in store.query_all("PRAGMA index_list(concern_indicators)")}
        assert "concern_indicators_indicator" in indexes
        # The new choice is allowed; a made-up one is still refused.
        store.execute(
            "UPDATE concern_indicators SET when_last_seen = 'not-known' WHERE position = 1"
        )
        with pytest.raises(Exception, match="CHECK"):
            store.execute(
                "UPDATE concern_indicators SET when_last_seen = 'soon' WHERE position = 1"
            )
        store.execute(
            "UPDATE concern_indicators SET when_last_seen = 'within-6-months' WHERE position = 1"
        )
        concern = load_concern(store, "C-7K2Q-M9XD")
    # Read back as it was recorded: version 1's result until the lead screens it again.
    assert concern.checklist_version == 1 and concern.about_adult == "no"
    assert screen_concern(concern).tier == "V"  # version 1 let the disclosure age out
    assert screen_concern(replace(concern, checklist_version=2)).tier == "3"
