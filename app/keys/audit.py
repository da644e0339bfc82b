"""The audit log: what happened to the records, when, and under which account.

Each entry carries the SHA-256 of the entry before it, so an entry changed, removed or
moved outside the app shows up at the next unlock. What an entry may hold is narrow on
purpose: an event kind, a UTC time, an account id and role, a concern reference or a
fixed identifier, and counts or fixed words. Never a name or anything typed into the
app: the log must not become a second copy of the records, so `append` refuses text.

What the chain can and cannot show, honestly: anyone holding the store's key (a lead, or
someone with a lead's passphrase) can rebuild every hash and the anchor after an edit,
and the result checks out. The chain catches edits made by someone who did not do that:
a row changed with an SQLite tool, a row deleted, rows renumbered, the last rows cut off.
The viewer shows the latest fingerprint so a lead or trustee can note it on paper; a
rebuilt chain then no longer matches what was written down.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from app.core import errors
from app.intake.concern.reference import is_reference
from app.keys.roles import Role, known

if TYPE_CHECKING:
    from db.store import Store

log = logging.getLogger(__name__)

# -- event kinds -------------------------------------------------------------------------
SETUP = "setup"
UNLOCK = "unlock"
UNLOCK_RECOVERY = "unlock-recovery"
IMPORT = "import"
VIEW = "view"
CHANGE = "change"
DECISION = "decision"
PRINT = "print"
EXPORT = "export"
LOCK = "lock"
SETTINGS_CHANGE = "settings-change"
CHAIN_BROKEN = "chain-broken"
ACCOUNTS = "accounts"
REKEY = "rekey"
BACKUP = "backup"
RESTORE = "restore"
RECORDS_DELETED = "records-deleted"  # after a retention review (app/keeping/retention.py)
KEY_FILE = "key-file"  # keyring.json changed outside the app, or first pinned (keys/pinning)
# Failed attempts are not an event of their own: nothing can be written to the store
# until it is unlocked, so they travel in the next unlock's detail (`failed_before`).

LABELS = {
    UNLOCK: "Unlocked",
    UNLOCK_RECOVERY: "Unlocked with the recovery code",
    LOCK: "Locked",
    IMPORT: "Concerns imported (letterbox or handover)",
    VIEW: "Record viewed",
    CHANGE: "Record changed",
    DECISION: "Decision recorded",
    PRINT: "Printed",
    EXPORT: "Exported",
    SETTINGS_CHANGE: "Settings changed",
    CHAIN_BROKEN: "Audit log problem found",
    ACCOUNTS: "Accounts or recovery code changed",
    REKEY: "Records re-keyed",
    SETUP: "Set up",
    BACKUP: "Backup made",
    RESTORE: "Restored from a backup",
    RECORDS_DELETED: "Records deleted after a retention review",
    KEY_FILE: "Key file check",
}
KINDS = tuple(LABELS)
UNLOCK_KINDS = (UNLOCK, UNLOCK_RECOVERY)

# Where the chain starts: the "previous hash" of entry 1.
GENESIS = "0" * 64
_FORMAT = "cse-toolkit-audit-v1"  # in every hash, so a later format cannot be confused

# Only identifiers and references go in: lower-case words joined by - or _ cannot hold a
# person's name as it is written (capitals, spaces), nor a sentence.
_TOKEN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_MAX_LIST = 500
# Beyond this many entries that fail their own hash, stop looking for where they moved:
# that search tries each against the others.
_MOVE_SEARCH_LIMIT = 200
_MOVE_WINDOW = 5


class AuditNotAllowed(errors.AppError):
    title = "For the designated lead"
    message = "Only the designated lead can read the audit log."
    next_step = "Ask your designated lead."
    help_topic = "getting-help"


# -- writing -----------------------------------------------------------------------------
def _allowed_text(value: str) -> bool:
    return bool(_TOKEN.match(value)) or is_reference(value)


def _check_value(value: Any) -> None:
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        return
    if isinstance(value, str) and _allowed_text(value):
        return
    if isinstance(value, (list, tuple)) and len(value) <= _MAX_LIST:
        for item in value:
            if isinstance(item, (list, tuple, dict)):
                break
            _check_value(item)
        else:
            return
    raise ValueError("audit detail holds only numbers, flags, identifiers and references")


def canonical_detail(detail: dict[str, Any] | None) -> str:
    """The detail as stored and hashed: sorted keys, no spaces, ASCII."""
    detail = detail or {}
    if not isinstance(detail, dict):
        raise ValueError("audit detail must be a mapping")
    for key, value in detail.items():
        if not isinstance(key, str) or not _KEY.match(key):
            raise ValueError("audit detail keys are fixed identifiers")
        _check_value(value)
    return json.dumps(detail, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def entry_hash(
    seq: Any,
    at: Any,
    account_id: Any,
    role: Any,
    event: Any,
    subject: Any,
    detail: Any,
    prev_hash: Any,
) -> str:
    """SHA-256 of one entry, over the values exactly as stored (a type change shows too)."""
    encoded = json.dumps(
        [_FORMAT, seq, at, account_id, role, event, subject, detail, prev_hash],
        separators=(",", ":"),
        ensure_ascii=True,
        default=repr,  # a value someone put in by hand (bytes, say) must not stop the check
    )
    return hashlib.sha256(encoded.encode("ascii")).hexdigest()


def utc_text(now: datetime | None = None) -> str:
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        raise ValueError("audit times must carry their time zone")
    # One fixed form, so times compare as text in SQL.
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def append(
    store: Store,
    event: str,
    *,
    account_id: int | None,
    role: str = "",
    subject: str = "",
    detail: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> int:
    """Add one entry to the chain; its number. Refuses anything that could be free text.

    Inside `store.transaction()` the entry commits with the caller's change; outside,
    it is its own transaction.
    """
    # deferred: sqlcipher3; the volunteer's print (no store) loads this module
    from db import audit as queries

    if event not in LABELS:
        raise ValueError("unknown audit event")
    if subject and not _allowed_text(subject):
        raise ValueError("an audit subject is a reference or an identifier")
    if role and not _TOKEN.match(role):
        raise ValueError("an audit role is an identifier")
    detail_text = canonical_detail(detail)
    at = utc_text(now)
    with queries.savepoint(store):
        # Carry on from the anchor, not from the last row left in the table: if the last
        # rows were cut off, reusing their numbers would hide that for ever.
        head = queries.anchor(store)
        last = queries.last_row(store)
        if head is None or (last is not None and last[0] > head[0]):
            head = last
        seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
        digest = entry_hash(seq, at, account_id, role, event, subject, detail_text, prev)
        queries.insert(
            store,
            {
                "seq": seq,
                "at": at,
                "account_id": account_id,
                "role": role,
                "event": event,
                "subject": subject,
                "detail": detail_text,
                "prev_hash": prev,
                "hash": digest,
            },
        )
        queries.set_anchor(store, seq, digest)
    return seq


def restore_guards(store: Store) -> None:
    """Put back the triggers that keep the log append-only, if someone dropped them."""
    # deferred: sqlcipher3; the volunteer's print (no store) loads this module
    from db import audit as queries

    queries.restore_guards(store)


# -- checking ----------------------------------------------------------------------------
@dataclass(frozen=True)
class ChainReport:
    ok: bool
    rows_checked: int
    problems: list[str] = field(default_factory=list)
    # Entry numbers the problems point at, for the viewer's "Only problems".
    flagged: frozenset[int] = frozenset()
    # The latest entry's number and hash, for the fingerprint a lead can note on paper.
    head: tuple[int, str] | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.head[1]) if self.head else ""

    def summary(self, limit: int = 12) -> str:
        """The problems in plain words, the first `limit` of them."""
        if self.ok:
            return f"The log's chain of hashes is intact ({self.rows_checked} entries)."
        shown = self.problems[:limit]
        more = len(self.problems) - len(shown)
        lines = list(shown)
        if more:
            lines.append(f"… and {more} more problem{'s' if more != 1 else ''}.")
        return "\n".join(lines)


def fingerprint(digest: str) -> str:
    """The first 16 hex digits of a hash in groups of four, to read aloud or copy."""
    head = digest[:16].upper()
    return " ".join(head[i : i + 4] for i in range(0, len(head), 4))


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _span(first: int, last: int) -> str:
    if first == last:
        return f"Entry {first} is"
    if last == first + 1:
        return f"Entries {first} and {last} are"
    return f"Entries {first} to {last} are"


def _and_list(numbers: list[int]) -> str:
    text = [str(n) for n in numbers]
    return text[0] if len(text) == 1 else ", ".join(text[:-1]) + " and " + text[-1]


def verify(store: Store) -> ChainReport:
    """Check every entry's hash, every link, and the anchor. Never raises."""
    # deferred: sqlcipher3; the volunteer's print (no store) loads this module
    from db import audit as queries

    try:
        return _verify(store, queries)
    except Exception as exc:
        log.warning("audit log check failed: %s", type(exc).__name__)
        return ChainReport(False, 0, [f"The audit log could not be read ({type(exc).__name__})."])


def _verify(store: Store, queries: Any) -> ChainReport:
    has_log, has_anchor = queries.tables_present(store)
    if not has_log:
        return ChainReport(False, 0, ["The audit log is missing from the store."])
    problems: list[str] = []
    flagged: set[int] = set()
    if queries.missing_guards(store):
        problems.append(
            "The store's guard that stops audit entries being changed or deleted had been removed."
        )
    rows = queries.all_rows(store)
    good: list[tuple[Any, ...]] = []
    for row in rows:
        if isinstance(row[0], int) and not isinstance(row[0], bool):
            good.append(row)
        else:
            problems.append("An entry's number has been damaged or replaced.")
    # seq is the chain order; ORDER BY in SQL puts text after numbers, so sort again.
    good.sort(key=lambda r: r[0])

    # 1. Each entry against its own hash.
    mismatched = {row[0]: row for row in good if entry_hash(*row[:8]) != row[8]}
    # 2. An entry that fails at its own number but checks out at another was moved.
    moved: dict[int, int] = {}  # number now -> number it was written as
    if len(mismatched) <= _MOVE_SEARCH_LIMIT:
        for seq, row in mismatched.items():
            window = range(seq - _MOVE_WINDOW, seq + _MOVE_WINDOW + 1)
            for candidate in sorted({*mismatched, *window} - {seq}):
                if candidate > 0 and entry_hash(candidate, *row[1:8]) == row[8]:
                    moved[seq] = candidate
                    break
    reported: set[int] = set()
    for seq in sorted(moved):
        if seq in reported:
            continue
        # Follow swaps and rotations round: 20 -> 21 -> 20 is one problem, not two.
        group, cursor = [], seq
        while cursor in moved and cursor not in group and cursor not in reported:
            group.append(cursor)
            cursor = moved[cursor]
        reported.update(group)
        flagged.update(group)
        if len(group) > 1 and cursor == seq:
            problems.append(f"Entries {_and_list(sorted(group))} are out of order.")
        else:
            for now_seq in group:
                problems.append(
                    f"Entry {now_seq} was written as entry {moved[now_seq]} and renumbered."
                )
    for seq in sorted(set(mismatched) - set(moved)):
        flagged.add(seq)
        problems.append(f"Entry {seq} was changed after it was written.")

    # 3. The links between neighbours, and the numbers in between.
    for index, row in enumerate(good):
        seq, prev_hash = row[0], row[7]
        if index == 0:
            if seq > 1:
                problems.append(f"{_span(1, seq - 1)} missing (the log starts at entry {seq}).")
                flagged.add(seq)
            elif prev_hash != GENESIS and seq not in moved:
                problems.append(f"Entry {seq} does not start the chain (it was replaced).")
                flagged.add(seq)
            continue
        before = good[index - 1]
        if seq > before[0] + 1:
            problems.append(
                f"{_span(before[0] + 1, seq - 1)} missing "
                f"(the entries jump from {before[0]} to {seq})."
            )
            flagged.update((before[0], seq))
        elif seq in moved or before[0] in moved:
            continue  # already said: a moved entry cannot link to its new neighbours
        elif prev_hash != before[8]:
            problems.append(
                f"Entry {seq} does not follow on from entry {before[0]} (one of them was replaced)."
            )
            flagged.update((before[0], seq))

    # 4. The anchor: the only way to see entries cut off the end.
    last = (good[-1][0], good[-1][8]) if good else None
    anchor = queries.anchor(store) if has_anchor else None
    if not has_anchor:
        problems.append("The record of the log's latest entry is missing from the store.")
    elif anchor is None and last is not None:
        problems.append(
            "The record of the log's latest entry has been removed, so entries cut off "
            "the end cannot be ruled out."
        )
    elif anchor is not None:
        written, anchor_hash = anchor
        if last is None:
            problems.append(
                f"All {written} {_plural(written, 'entry was', 'entries were')} removed."
            )
        elif last[0] < written:
            cut = written - last[0]
            problems.append(
                f"The last {_plural(cut, 'entry was', f'{cut} entries were')} removed "
                f"(the log ends at entry {last[0]}, but {written} were written)."
            )
            flagged.add(last[0])
        elif last[0] > written:
            problems.append(
                f"{_span(written + 1, last[0])} not written by the app "
                f"(its record of the latest entry is {written})."
            )
            flagged.update(r[0] for r in good if r[0] > written)
        elif last[1] != anchor_hash:
            problems.append(
                f"Entry {last[0]} is not the entry the app wrote last (it was replaced)."
            )
            flagged.add(last[0])
    return ChainReport(not problems, len(rows), problems, frozenset(flagged), last)


# -- reading, for the viewer -------------------------------------------------------------
@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str  # UTC ISO, as stored
    account_id: int | None
    role: str
    account_name: str
    event: str
    subject: str
    detail: dict[str, Any]
    flagged: bool = False

    @property
    def event_label(self) -> str:
        return LABELS.get(self.event, str(self.event))

    @property
    def account_label(self) -> str:
        named = known(self.role)
        role = named.words if named else self.role
        if self.account_name:
            return f"{self.account_name} ({role})" if role else self.account_name
        if self.role == Role.RECOVERY:
            return "Recovery code"
        if self.account_id is not None:
            return f"Account {self.account_id}"
        return role.capitalize() if role else "—"

    @property
    def when_text(self) -> str:
        """Local time, DD/MM/YYYY HH:MM; the stored text if it is not a time."""
        try:
            moment = datetime.fromisoformat(self.at)
        except (TypeError, ValueError):
            return str(self.at)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone().strftime("%d/%m/%Y %H:%M")

    @property
    def is_problem(self) -> bool:
        """What "Only problems" shows: entries the check points at, problems found at
        unlock, and unlocks that came after failed attempts."""
        if self.flagged or self.event == CHAIN_BROKEN:
            return True
        if self.event == KEY_FILE:
            return self.detail.get("what") in ("changed-outside", "slot-not-ours")
        if self.event in UNLOCK_KINDS and _self_checks(self.detail):
            return True  # damage found at unlock (app/keys/self_check.py)
        return self.event in UNLOCK_KINDS and _count(self.detail.get("failed_before")) > 0

    @property
    def summary(self) -> str:
        return describe(self.event, self.detail)


# The self-checks' codes (app/keys/self_check.py) in the viewer's words.
_SELF_CHECK_WORDS = {
    "recovery-slot-damaged": "the recovery code's key slot was damaged",
    "recovery-slot-missing": "the recovery code's key slot was missing",
    "account-slot-damaged": "an account's key slot was damaged or missing",
    "key-file-entry-damaged": "a key file entry was damaged",
    "failure-counter-reset": "the failed-attempt count was damaged and reset",
    "swap-set-aside": "a change to the records files the toolkit did not start was set aside",
    "swap-finished": "an interrupted re-key or restore was finished",
}


def _self_checks(detail: Any) -> list[str]:
    found = detail.get("self_checks") if isinstance(detail, dict) else None
    if not isinstance(found, list):
        return []
    return [_SELF_CHECK_WORDS.get(str(code), "a self-check found something") for code in found[:8]]


def _count(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _words(key: str) -> str:
    return key.replace("_", " ")


def describe(event: str, detail: object) -> str:
    """A short plain summary of an entry's detail."""
    if not isinstance(detail, dict):
        return "(the detail could not be read)"
    if event in UNLOCK_KINDS:
        method = "Recovery code" if detail.get("method") == "recovery" else "Passphrase"
        failed = _count(detail.get("failed_before"))
        tries = (
            "no failed attempts before"
            if not failed
            else f"{failed} failed attempt{'s' if failed != 1 else ''} before"
        )
        return "; ".join([method, tries, *_self_checks(detail)])
    if event in (IMPORT, EXPORT) and detail.get("what") == "handover":
        people, concerns = _count(detail.get("young_people")), _count(detail.get("concerns"))
        way = "from" if event == IMPORT else "into"
        text = (
            f"Handover file {str(detail.get('bundle', ''))[:8]}: {concerns} concern"
            f"{'s' if concerns != 1 else ''} about {people} young "
            f"{'person' if people == 1 else 'people'} {way} it"
        )
        volunteers = _count(detail.get("volunteers"))
        sessions = _count(detail.get("training_sessions"))
        if volunteers or sessions:  # the training log, with all records (counts only)
            text += (
                f", with the training log ({volunteers} volunteer{'s' if volunteers != 1 else ''}"
                f", {sessions} session{'s' if sessions != 1 else ''})"
            )
        return text
    if event == IMPORT:
        imported, aside = _count(detail.get("imported")), _count(detail.get("quarantined"))
        text = f"{imported} imported"
        if aside:
            text += f", {aside} set aside unopened"
        return text
    if event == KEY_FILE:
        if detail.get("what") == "pinned":
            return "Key file noted as it is now (first check)"
        if detail.get("what") == "slot-not-ours" and _count(detail.get("entries")):
            return "An account's entry in the key file was not the toolkit's: never trusted"
        if detail.get("what") == "slot-not-ours":
            return "Unlock refused: an account's entry in the key file was not the toolkit's"
        letters, lost = _count(detail.get("letters_in_window")), _count(detail.get("not_opened"))
        text = "Key file changed outside the toolkit"
        if detail.get("public_key") == "repaired":
            text += "; public key put right"
        elif detail.get("content") == "as-pinned":
            text += "; put back as it was"
        text += f"; {letters} letter{'s' if letters != 1 else ''} arrived meanwhile"
        if lost:
            text += f", {lost} could not be opened"
        return text
    if event == CHAIN_BROKEN:
        n = _count(detail.get("problems"))
        return f"{n} problem{'s' if n != 1 else ''} found in the audit log"
    if event == SETTINGS_CHANGE:
        changed = detail.get("fields")
        if isinstance(changed, list) and changed:
            return "Changed: " + ", ".join(_words(str(f)) for f in changed)
    parts = []
    for key in sorted(detail):
        value = detail[key]
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        parts.append(f"{_words(str(key))}: {value}")
    return "; ".join(parts)


def _local_midnight_utc(day: date) -> str:
    # The lead types dates in local time; the log keeps UTC.
    return utc_text(datetime(day.year, day.month, day.day).astimezone())


def entries(
    store: Store,
    *,
    event: str | None = None,
    since: date | None = None,
    until: date | None = None,
    only_problems: bool = False,
    flagged: frozenset[int] = frozenset(),
    limit: int = 5000,
) -> list[AuditEntry]:
    """Entries newest first, filtered; `since` and `until` are whole local days."""
    # deferred: sqlcipher3; the volunteer's print (no store) loads this module
    from db import audit as queries

    rows = queries.select(
        store,
        events=[event] if event else None,
        since=_local_midnight_utc(since) if since else None,
        before=_local_midnight_utc(until + timedelta(days=1)) if until else None,
        limit=None if only_problems else limit,
    )
    found = []
    for row in rows:
        try:
            detail = json.loads(row["detail"])
        except (TypeError, ValueError):
            detail = None
        item = AuditEntry(
            seq=row["seq"],
            at=row["at"],
            account_id=row["account_id"],
            role=str(row["role"] or ""),
            account_name=str(row["account_name"] or ""),
            event=str(row["event"]),
            subject=str(row["subject"] or ""),
            detail=detail if isinstance(detail, dict) else {},
            flagged=row["seq"] in flagged,
        )
        if only_problems and not item.is_problem:
            continue
        found.append(item)
        if len(found) >= limit:
            break
    return found
