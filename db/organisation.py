"""Queries for the organisation's details, its accounts and its letterbox key pair."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict, cast

from db.store import Store

# The organisation row is read and written as a plain {column: text} mapping: app/ owns
# the typed, validated form of it (app/core/organisation.py).
ORG_COLUMNS = (
    "name",
    "area",
    "lead_name",
    "lead_role",
    "lead_phone",
    "trustee_name",
    "trustee_role",
    "trustee_phone",
    "deputy_name",
    "deputy_phone",
)


class OrganisationRow(TypedDict):
    """The organisation's row, each key a column of ORG_COLUMNS (all text)."""

    name: str
    area: str
    lead_name: str
    lead_role: str
    lead_phone: str
    trustee_name: str
    trustee_role: str
    trustee_phone: str
    deputy_name: str
    deputy_phone: str


def save_organisation(store: Store, org: dict[str, str], now: str) -> None:
    values = [org.get(c, "") for c in ORG_COLUMNS]
    assignments = ", ".join(f"{c} = excluded.{c}" for c in ORG_COLUMNS)
    store.execute(
        f"INSERT INTO organisation (id, {', '.join(ORG_COLUMNS)}, created_at) "  # noqa: S608 - fixed column names
        f"VALUES (1, {', '.join('?' * len(ORG_COLUMNS))}, ?) "
        f"ON CONFLICT (id) DO UPDATE SET {assignments}",
        [*values, now],
    )


def load_organisation(store: Store) -> OrganisationRow | None:
    row = store.query_one(f"SELECT {', '.join(ORG_COLUMNS)} FROM organisation WHERE id = 1")  # noqa: S608
    return cast(OrganisationRow, dict(zip(ORG_COLUMNS, row, strict=True))) if row else None


@dataclass(frozen=True)
class AccountRow:
    id: int
    slot_id: str
    display_name: str
    role: str


def add_account(store: Store, slot_id: str, display_name: str, role: str, now: str) -> int:
    cur = store.execute(
        "INSERT INTO accounts (slot_id, display_name, role, created_at) VALUES (?, ?, ?, ?)",
        (slot_id, display_name, role, now),
    )
    return int(cur.lastrowid)


def account_for_slot(store: Store, slot_id: str) -> AccountRow | None:
    """The account holding this key slot; None for a removed account (its slot is gone,
    or going: a kill between marking the row and writing the key file leaves it)."""
    row = store.query_one(
        "SELECT id, slot_id, display_name, role FROM accounts "
        "WHERE slot_id = ? AND removed_at IS NULL",
        (slot_id,),
    )
    return AccountRow(*row) if row else None


def slot_ever_used(store: Store, slot_id: str) -> bool:
    """True if an account (removed ones too) ever held this key slot."""
    row = store.query_one("SELECT 1 FROM accounts WHERE slot_id = ?", (slot_id,))
    return row is not None


def active_accounts(store: Store) -> list[AccountRow]:
    """Every account that can still unlock, oldest first."""
    rows = store.query_all(
        "SELECT id, slot_id, display_name, role FROM accounts WHERE removed_at IS NULL ORDER BY id"
    )
    return [AccountRow(*row) for row in rows]


def account_by_id(store: Store, account_id: int) -> AccountRow | None:
    """An account that can still unlock, by id."""
    row = store.query_one(
        "SELECT id, slot_id, display_name, role FROM accounts WHERE id = ? AND removed_at IS NULL",
        (account_id,),
    )
    return AccountRow(*row) if row else None


def mark_account_removed(store: Store, account_id: int, now: str) -> None:
    store.execute(
        "UPDATE accounts SET removed_at = ? WHERE id = ? AND removed_at IS NULL",
        (now, account_id),
    )


def retire_org_keys(store: Store, public_key: bytes, private_key: bytes, now: str) -> None:
    """Replace the letterbox key pair, keeping the old one for letters already sealed."""
    old = load_org_keys(store)
    if old is not None:
        store.execute(
            "INSERT OR IGNORE INTO retired_org_keys (public_key, private_key, retired_at) "
            "VALUES (?, ?, ?)",
            (old[0], old[1], now),
        )
    store.execute(
        "UPDATE org_keys SET public_key = ?, private_key = ?, created_at = ? WHERE id = 1",
        (public_key, private_key, now),
    )


def retired_private_keys(store: Store) -> list[bytes]:
    """Private halves of letterbox key pairs a re-key replaced, newest first."""
    rows = store.query_all("SELECT private_key FROM retired_org_keys ORDER BY id DESC")
    return [bytes(row[0]) for row in rows]


def rename_account(store: Store, account_id: int, display_name: str) -> None:
    store.execute("UPDATE accounts SET display_name = ? WHERE id = ?", (display_name, account_id))


def save_org_keys(store: Store, public_key: bytes, private_key: bytes, now: str) -> None:
    store.execute(
        "INSERT INTO org_keys (id, public_key, private_key, created_at) VALUES (1, ?, ?, ?)",
        (public_key, private_key, now),
    )


def load_org_keys(store: Store) -> tuple[bytes, bytes] | None:
    row = store.query_one("SELECT public_key, private_key FROM org_keys WHERE id = 1")
    return (bytes(row[0]), bytes(row[1])) if row else None
