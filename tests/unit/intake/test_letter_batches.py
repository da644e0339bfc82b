"""Letters imported a batch to a commit (review of e4e3c86): a letter leaves the
letterbox only once a commit holds it, and every letter not taken in is counted."""

from __future__ import annotations

import pytest

from app.intake import letterbox
from app.screening.rules import screen_concern
from db import concerns as queries
from tests.letters import letters_in
from tests.stations import concern, private_key, public_key


def _now() -> str:
    return "2026-01-01T00:00:00+00:00"


def _seal(ready, n: int, tag: str) -> list[str]:
    key = public_key(ready)
    box = ready.paths.letterbox
    box.mkdir(exist_ok=True)
    made = [concern(f"{tag}{i}") for i in range(n)]
    for one in made:
        letterbox.seal(one, key, box)
    return [c.id for c in made]


def _in_store(store, ids: list[str]) -> int:
    return sum(queries.content_digest(store, i) is not None for i in ids)


def test_a_transaction_rolled_back_by_sqlite_mid_batch_deletes_no_letter(ready, monkeypatch):
    """SQLite rolls a whole transaction back on its own on an interrupt (a lock closing
    the store), a full disk or an I/O error: the letters already written in that batch
    are gone from the store, so their files must stay."""
    private = private_key(ready)
    ids = _seal(ready, 6, "rolled")
    store = ready.require_store()
    real_index = letterbox.search_index.index_concern

    def index_then_lose_all(st, concern_id, text):
        if concern_id == ids[3]:
            st.execute("ROLLBACK")  # what SQLite does itself after SQLITE_INTERRUPT
            raise OSError("interrupted")
        return real_index(st, concern_id, text)

    monkeypatch.setattr(letterbox.search_index, "index_concern", index_then_lose_all)
    report = letterbox.import_letters(
        store, private, ready.paths.letterbox, _now(), screen=screen_concern
    )
    kept = len(letters_in(ready.paths.letterbox))
    # Every letter is in the store or still waiting, and the report adds up.
    assert _in_store(store, ids) + kept >= len(ids)
    assert report.imported + report.left + report.duplicates == len(ids)

    monkeypatch.setattr(letterbox.search_index, "index_concern", real_index)
    letterbox.import_letters(store, private, ready.paths.letterbox, _now(), screen=screen_concern)
    assert _in_store(store, ids) == len(ids) and letters_in(ready.paths.letterbox) == []


def test_a_store_closed_between_batches_leaves_the_rest_counted(ready, monkeypatch):
    private = private_key(ready)
    monkeypatch.setattr(letterbox, "_BATCH", 2)
    ids = _seal(ready, 5, "closed")
    store = ready.require_store()
    real_remove = letterbox._remove

    def remove_then_lock(path):
        real_remove(path)
        store.close()  # a lock between two batches (the idle timeout, say)

    monkeypatch.setattr(letterbox, "_remove", remove_then_lock)
    report = letterbox.import_letters(
        store, private, ready.paths.letterbox, _now(), screen=screen_concern
    )
    waiting = len(letters_in(ready.paths.letterbox))
    assert report.imported == len(ids) - waiting
    assert report.left == waiting  # every letter not taken in is counted, none lost
    assert waiting == 3


if __name__ == "__main__":  # pragma: no cover
    pytest.main([__file__])
