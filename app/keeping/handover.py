"""Handing records over to another installation: a new lead at another site, or a
national safeguarding team.

The lead chooses young people (or all records); the app gathers each one's whole picture
into one file encrypted under a ONE-TIME passphrase it makes (app/keeping/handover_format.py),
shows the passphrase once and keeps it nowhere: the lead reads it to the receiver by
phone, never with the file. The receiving lead opens the file with it, sees a preview,
and imports it in one transaction. Both sides write an audit entry with the file's
random id and counts, never a name.

What comes across, for each young person chosen:
- their details, and the details of every record merged into theirs (other names,
  another date of birth), with the merges themselves, so "also recorded as" and undoing
  a merge work on the other side too;
- every concern as it stands, in the concern codec's form, with the digest it arrived
  with and every correction (the original is rebuilt from them, as here);
- where each concern stands, every decision, phone referrals, LADO contacts, follow-ups,
  and the chronology entries the lead added.
With all records (a new lead taking over), the training log comes too: the volunteer
roster, every session with who attended, and the refresher interval. A handover of chosen
young people never carries it: volunteers' names are not theirs to share. On the other
side a name already on the roster is the same volunteer, a session already recorded
(same day, topic and leader) gains the attendees, and the sender's refresher interval is
taken only by a log that was empty (the receiving lead's own choice stands).
What does not: the sending organisation's details, accounts, keys, audit log, letterbox,
settings and backups. Who made a decision, correction, entry or follow-up is not carried
(those people have no account on the other side): on the other side they show no name,
and the import adds one chronology entry to each young person saying where the records
came from and that this is why.

On the receiving side every young person becomes a NEW record, never silently merged
with one already there (the lead can merge them with the merge tool). A concern keeps its
reference unless that reference is already in use there; then it gets a new one, its
digests are re-anchored to the new reference (only where they checked out under the old
one), and handover_concerns keeps the sender's reference. The same file cannot be
imported twice.

Reading the store and writing to it happen on the caller's thread (the GUI's: a lock
closes the store, so no worker may hold it); the slow part, key derivation and
encryption, is in pure functions a worker can run (`write`, `open_file`).
"""

from __future__ import annotations

import copy
import logging
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.casework.amendments import digest
from app.core import errors
from app.core.service import SessionService
from app.core.text_checks import name_key
from app.intake.concern.codec import from_dict
from app.intake.concern.reference import new_reference
from app.intake.concern.search_text import search_text
from app.intake.letterbox import from_record, to_record
from app.keeping import handover_format as fmt
from app.keys import audit
from app.keys.kdf import calibrate
from app.keys.roles import role_of
from db import handover as q
from db import training as training_rows

if TYPE_CHECKING:
    from app.intake.concern.model import Concern
    from app.keys.kdf import KdfParams
    from app.keys.session import Session
    from db.handover import ImportRow
    from db.store import Store
    from db.young_people import PersonRow

log = logging.getLogger(__name__)

EXPORT_REFUSAL = "Only a designated lead can hand over records."
IMPORT_REFUSAL = "Only a designated lead can take in records handed over."
PROVENANCE_KIND = "other-agency"


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _local_words(text: str) -> str:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%d/%m/%Y at %H:%M")


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _display(details: dict[str, Any]) -> str:
    return details.get("name") or details.get("known_as") or "(no name given)"


# -- what the service returns ------------------------------------------------------------
@dataclass(frozen=True)
class PersonChoice:
    """One young person the lead may tick. Record data: on screen only."""

    id: int
    name: str
    known_as: str
    date_of_birth: date | None
    approximate_age: int | None
    concerns: int

    @property
    def display_name(self) -> str:
        return self.name or self.known_as or "(no name given)"

    @property
    def words(self) -> str:
        born = (
            f"born {self.date_of_birth:%d/%m/%Y}"
            if self.date_of_birth
            else f"about {self.approximate_age}"
            if self.approximate_age is not None
            else "date of birth not known"
        )
        also = f" ({self.known_as})" if self.name and self.known_as else ""
        return f"{self.display_name}{also}, {born}: {_plural(self.concerns, 'concern', 'concerns')}"


@dataclass(frozen=True)
class Outgoing:
    """The records gathered for a handover file, not yet written."""

    payload: dict[str, Any]
    bundle_id: str
    young_people: int
    concerns: int
    all_records: bool
    volunteers: int = 0  # the training log, with all records only
    training_sessions: int = 0


@dataclass(frozen=True)
class Made:
    path: Path
    bundle_id: str
    passphrase: str  # shown once, never saved
    young_people: int
    concerns: int
    size: int


@dataclass(frozen=True)
class Preview:
    """What a handover file holds, for the receiving lead to check before importing."""

    bundle_id: str
    from_organisation: str
    made_at: datetime
    young_people: int
    concerns: int
    first: date | None  # the earliest concern (when it happened, or was recorded)
    last: date | None
    names: tuple[str, ...]  # record data: on screen only
    references_in_use: int  # concerns that will get a new reference here
    volunteers: int = 0  # the training log, when the file carries it
    training_sessions: int = 0
    carries_training: bool = False

    @property
    def sentence(self) -> str:
        text = (
            f"From {self.from_organisation or '(no organisation name)'}, made on "
            f"{self.made_at.astimezone():%d/%m/%Y at %H:%M}: "
            f"{_plural(self.young_people, 'young person', 'young people')} and "
            f"{_plural(self.concerns, 'concern', 'concerns')}"
        )
        if self.first and self.last:
            text += f", from {self.first:%d/%m/%Y} to {self.last:%d/%m/%Y}"
        text += "."
        if self.references_in_use:
            which = _plural(
                self.references_in_use, "concern has a reference", "concerns have references"
            )
            text += (
                f" {which} already used here: they will get new ones, and the sender's "
                "will be kept."
            )
        if self.carries_training:
            text += (
                f" It also holds the training log: "
                f"{_plural(self.volunteers, 'volunteer', 'volunteers')} and "
                f"{_plural(self.training_sessions, 'session', 'sessions')}."
            )
        return text


@dataclass(frozen=True)
class Received:
    bundle_id: str
    young_person_ids: tuple[int, ...]
    concerns: int
    renamed: dict[str, str] = field(default_factory=dict)  # new reference → sender's
    volunteers: int = 0  # on the training log's roster in the file
    training_sessions: int = 0  # sessions in the file


# -- opening a file (pure: no store, safe off the GUI thread) ----------------------------
@dataclass(frozen=True)
class Opened:
    """A handover file opened with its passphrase and checked; nothing written yet."""

    payload: dict[str, Any]
    # Each concern as the codec read it (by the sender's reference), kept from the check
    # so the import does not decode ten thousand concerns twice.
    checked: dict[str, Concern] = field(default_factory=dict, repr=False)

    @property
    def bundle_id(self) -> str:
        return str(self.payload["bundle_id"])

    @property
    def young_people(self) -> int:
        return len(self.payload["young_people"])

    @property
    def concerns(self) -> int:
        return sum(len(p["concerns"]) for p in self.payload["young_people"])

    def references(self) -> list[str]:
        return [c["concern"]["id"] for p in self.payload["young_people"] for c in p["concerns"]]


def open_file(path: Path, passphrase: str) -> Opened:
    """Read, decrypt and check a handover file. Raises the Handover* errors; never writes."""
    concerns: dict[str, Concern] = {}
    payload = fmt.open_bytes(fmt.read_file(Path(path)), passphrase, concerns)
    return Opened(payload, concerns)


def write(outgoing: Outgoing, path: Path, passphrase: str, params: KdfParams) -> int:
    """Encrypt and write a gathered handover to `path`; its size. Pure: no store."""
    # The receiver runs the same check: a file this cannot pass is never made.
    fmt.check_payload(outgoing.payload)
    return fmt.write_file(Path(path), outgoing.payload, passphrase, params)


# -- the service -------------------------------------------------------------------------
class Handover(SessionService):
    def __init__(
        self,
        session: Session,
        clock: Callable[[], datetime] | None = None,
        kdf_params: Callable[[], KdfParams] | None = None,
    ) -> None:
        super().__init__(session, clock)
        # The session's own seam (tests give it FAST_FOR_TESTS), else calibrate.
        self._kdf_params = kdf_params or getattr(session, "_kdf_params", None)

    def kdf_params(self) -> KdfParams:
        """Argon2id parameters for a new file: about half a second on this PC."""
        return (self._kdf_params or calibrate)()

    def _lead(self, refusal: str) -> Store:
        self.session.require_lead(refusal)
        return self.session.require_store()

    # -- sending -------------------------------------------------------------------------
    def people(self) -> list[PersonChoice]:
        """Every young person with a record that stands, for the lead to choose from."""
        store = self._lead(EXPORT_REFUSAL)
        return [
            PersonChoice(
                id=int(r["id"]),
                name=r["name"],
                known_as=r["known_as"],
                date_of_birth=_day(r["date_of_birth"]),
                approximate_age=r["approximate_age"],
                concerns=int(r["concerns"]),
            )
            for r in q.standing_people(store)
        ]

    def gather(self, young_person_ids: Sequence[int] | None = None) -> Outgoing:
        """Gather the chosen young people's whole pictures (None: all records). Reads
        the store only; NothingToHandOver when there is nothing to send."""
        store = self._lead(EXPORT_REFUSAL)
        everything = young_person_ids is None
        standing = [int(r["id"]) for r in q.standing_people(store)]
        if everything:
            roots = standing
        else:
            wanted = set(young_person_ids or ())
            roots = [pid for pid in standing if pid in wanted]
            if len(roots) != len(wanted):
                raise errors.NothingToHandOver(
                    "One of the young people chosen is no longer in the records as they were.",
                    next_step="Close this window, open it again and choose again.",
                )
        gathered = q.pictures(store, roots)
        people = [self._picture(store, root, gathered.get(root, [])) for root in roots]
        people = [p for p in people if p["concerns"] or p["entries"]]
        training = self._training(store) if everything else None
        if not people and not (training and (training["volunteers"] or training["sessions"])):
            raise errors.NothingToHandOver()
        concerns = sum(len(p["concerns"]) for p in people)
        if everything and concerns != q.count_concerns(store):
            # Only a store changed outside the app could have a concern on no standing
            # record; the lead is not stopped, but it is noted (counts only).
            log.warning(
                "handover of all records: %d concern(s) not on a standing record",
                q.count_concerns(store) - concerns,
            )
        bundle_id = secrets.token_hex(16)
        payload = {
            "format": fmt.PAYLOAD_FORMAT,
            "version": fmt.VERSION,
            "bundle_id": bundle_id,
            "made_at": _utc_text(self.now()),
            "from_organisation": self.session.organisation().name,
            "young_people": people,
        }
        if training is not None:  # left out, not null: an older toolkit reads the file
            payload["training"] = training
        return Outgoing(
            payload,
            bundle_id,
            len(people),
            concerns,
            everything,
            len(training["volunteers"]) if training else 0,
            len(training["sessions"]) if training else 0,
        )

    def _training(self, store: Store) -> dict[str, Any]:
        """The whole training log, in the file's form (handover_format.TRAINING)."""
        volunteers, sessions = training_rows.everything(store)
        years = self.session.settings.get("training_refresher_years")
        return {
            "refresher_years": years if years in (1, 2, 3) else None,
            "volunteers": [dict(v) for v in volunteers],
            "sessions": [dict(s) for s in sessions],
        }

    def _picture(self, store: Store, root: int, gathered: list[q.Picture]) -> dict[str, Any]:
        ids = q.tree(store, root)
        rows = {pid: q.person(store, pid) for pid in ids}

        def details(row: PersonRow | None) -> dict[str, Any]:
            assert row is not None
            return _fields(row, _PERSON_FIELDS)

        concerns = []
        references: list[str] = []
        for found in gathered:
            # In the codec's form; write() checks every one through the codec, off the
            # GUI thread, before the file is made.
            data = from_record(found["record"])
            concerns.append(
                {
                    "concern": data,
                    "imported_at": found["imported_at"],
                    "content_digest": found["content_digest"],
                    "amendments": [{k: a[k] for k in fmt.AMENDMENT} for a in found["amendments"]],
                    "review": _pick(found["review"], fmt.REVIEW),
                    "decisions": [_pick(d, fmt.DECISION) for d in found["decisions"]],
                    "referrals": [_pick(r, fmt.REFERRAL) for r in found["referrals"]],
                    "lado_contacts": [_pick(r, fmt.LADO) for r in found["lado_contacts"]],
                }
            )
            references.append(data["id"])
        entries = [
            {"key": int(e["id"]), **_fields(e, (k for k in fmt.ENTRY if k != "key"))}
            for e in q.entries(store, ids)
        ]
        tasks = [
            {
                "key": int(t["id"]),
                "concern": t["concern_id"] if t["concern_id"] in references else None,
                "on_young_person": t["young_person_id"] is not None
                or t["concern_id"] not in references,
                **{k: t[k] for k in ("text", "due_on", "done_at", "created_at")},
            }
            for t in q.tasks(store, ids, references)
        ]
        carried = (set(references), {e["key"] for e in entries}, {t["key"] for t in tasks})
        merges = [
            {
                "kept": int(m["kept_id"]),
                "merged": int(m["merged_id"]),
                "at": m["at"],
                "different_dob": bool(m["different_dob"]),
                # Only what the file carries: anything else stayed behind.
                "concerns": [c for c in m["concern_ids"] if c in carried[0]],
                "entries": [e for e in m["entry_ids"] if e in carried[1]],
                "tasks": [t for t in m["task_ids"] if t in carried[2]],
            }
            for m in q.merges(store, ids)
        ]
        root_row = rows[root]
        return {
            "key": root,
            "details": details(root_row),
            "created_at": root_row["created_at"] if root_row else "",
            "also_recorded_as": [
                {"key": pid, "details": details(row), "created_at": row["created_at"]}
                for pid in ids[1:]
                if (row := rows[pid]) is not None
            ],
            "merges": merges,
            "concerns": concerns,
            "entries": entries,
            "tasks": tasks,
            "keeping": q.keeping(store, root),
        }

    def record_export(self, outgoing: Outgoing) -> bool:
        """The audit entry for a file made: its id and counts, never a name."""
        return self.session.record_audit(
            audit.EXPORT,
            subject=outgoing.bundle_id,
            detail={
                "what": "handover",
                "bundle": outgoing.bundle_id,
                "young_people": outgoing.young_people,
                "concerns": outgoing.concerns,
                "all_records": outgoing.all_records,
                "volunteers": outgoing.volunteers,
                "training_sessions": outgoing.training_sessions,
            },
        )

    def export(self, path: Path, young_person_ids: Sequence[int] | None = None) -> Made:
        """Gather, write and log in one call (the dialog runs the steps apart)."""
        outgoing = self.gather(young_person_ids)
        passphrase = fmt.new_passphrase()
        size = write(outgoing, path, passphrase, self.kdf_params())
        self.record_export(outgoing)
        log.info(
            "handover file made: %d young people, %d concerns",
            outgoing.young_people,
            outgoing.concerns,
        )
        return Made(
            Path(path),
            outgoing.bundle_id,
            passphrase,
            outgoing.young_people,
            outgoing.concerns,
            size,
        )

    # -- receiving -----------------------------------------------------------------------
    def preview(self, opened: Opened) -> Preview:
        """What the file holds, and whether it can come in. HandoverAlreadyImported when
        this very file was imported before. Reads the store only."""
        store = self._lead(IMPORT_REFUSAL)
        self._not_yet_imported(store, opened.bundle_id)
        payload = opened.payload
        training = payload.get("training")
        days: list[date] = []
        names = []
        for person in payload["young_people"]:
            for item in person["concerns"]:
                concern = item["concern"]
                day = concern["happened_on"] or concern["created_at"][:10]
                days.append(date.fromisoformat(day))
            names.append(_name_line(person))
        return Preview(
            bundle_id=opened.bundle_id,
            from_organisation=payload["from_organisation"],
            made_at=datetime.fromisoformat(payload["made_at"]),
            young_people=opened.young_people,
            concerns=opened.concerns,
            first=min(days) if days else None,
            last=max(days) if days else None,
            names=tuple(names),
            references_in_use=len(q.references_in_use(store, opened.references())),
            volunteers=len(training["volunteers"]) if training else 0,
            training_sessions=len(training["sessions"]) if training else 0,
            carries_training=training is not None,
        )

    def _not_yet_imported(self, store: Store, bundle_id: str) -> None:
        when = q.imported_at(store, bundle_id)
        if when is not None:
            raise errors.HandoverAlreadyImported(_local_words(when))

    def receive(self, opened: Opened) -> Received:
        """Import everything in the file in one transaction, with its audit entry.
        Nothing is written when anything is refused."""
        store = self._lead(IMPORT_REFUSAL)
        try:
            with store.transaction():
                self._not_yet_imported(store, opened.bundle_id)
                log_was_empty = training_rows.is_empty(store)
                received = self._write(store, opened.payload, opened.checked)
                audit.append(
                    store,
                    audit.IMPORT,
                    account_id=self.session.account_id,
                    role=role_of(self.session.account_role),
                    subject=opened.bundle_id,
                    detail={
                        "what": "handover",
                        "bundle": opened.bundle_id,
                        "young_people": len(received.young_person_ids),
                        "concerns": received.concerns,
                        "imported": received.concerns,
                        "new_references": len(received.renamed),
                        "volunteers": received.volunteers,
                        "training_sessions": received.training_sessions,
                    },
                    now=self.now(),
                )
        except errors.AppError:
            raise
        except Exception as exc:
            log.warning("handover not imported: %s", type(exc).__name__)
            raise errors.HandoverNotImported() from exc
        training = opened.payload.get("training")
        years = training["refresher_years"] if training else None
        if log_was_empty and years is not None:
            # A new lead starting the log takes the sender's interval; after the
            # records are in, so a settings problem cannot undo the import.
            try:
                if self.session.settings.get("training_refresher_years") != years:
                    self.session.settings.update({"training_refresher_years": years})
                    self.session.record_audit(
                        audit.SETTINGS_CHANGE,
                        detail={"part": "settings", "fields": ["training_refresher_years"]},
                    )
            except Exception as exc:
                log.warning("handover: refresher interval not saved: %s", type(exc).__name__)
        log.info(
            "handover imported: %d young people, %d concerns",
            len(received.young_person_ids),
            received.concerns,
        )
        return received

    def _write(
        self, store: Store, payload: dict[str, Any], opened_concerns: dict[str, Concern]
    ) -> Received:
        now = self.now()
        bundle_id = payload["bundle_id"]
        references = [c["concern"]["id"] for p in payload["young_people"] for c in p["concerns"]]
        in_use = q.references_in_use(store, references)
        taken = set(references) | in_use
        import_id = q.add_import(
            store,
            {
                "bundle_id": bundle_id,
                "imported_at": _utc_text(now),
                "made_at": payload["made_at"],
                "from_organisation": payload["from_organisation"],
                "young_people": len(payload["young_people"]),
                "concerns": len(references),
                "young_person_ids": [],
                "account_id": self.session.account_id,
            },
        )
        roots: list[int] = []
        renamed: dict[str, str] = {}
        for person in payload["young_people"]:
            root = q.add_person(store, person["details"], person["created_at"])
            q.set_keeping(store, root, person["keeping"], _utc_text(now))
            roots.append(root)
            records = {person["key"]: root}
            for other in person["also_recorded_as"]:
                records[other["key"]] = q.add_person(store, other["details"], other["created_at"])
            kept_by = {m["merged"]: m["kept"] for m in person["merges"]}
            for other in person["also_recorded_as"]:
                kept = kept_by.get(other["key"], person["key"])
                q.set_merged_into(store, records[other["key"]], records[kept])

            here: dict[str, str] = {}  # sender's reference → reference here
            for item in person["concerns"]:
                data = item["concern"]
                theirs = data["id"]
                ours = theirs
                if theirs in in_use:
                    while ours in taken:
                        ours = new_reference()
                    taken.add(ours)
                    renamed[ours] = theirs
                    data, content, amendments = _rereference(
                        data, item["content_digest"], item["amendments"], ours
                    )
                else:
                    content, amendments = item["content_digest"], item["amendments"]
                here[theirs] = ours
                q.add_concern(store, to_record(data, content, item["imported_at"]), root)
                checked = opened_concerns.get(theirs) or from_dict(item["concern"])
                if ours != theirs:
                    checked = replace(checked, id=ours)
                q.add_search(store, ours, search_text(checked))
                for row in amendments:
                    q.add_amendment(store, {**row, "concern_id": ours, "account_id": None})
                review = item["review"]  # exactly handover_format.REVIEW's fields
                if review is not None:
                    q.save_review(
                        store,
                        {
                            "concern_id": ours,
                            "status": review["status"],
                            "lead_tier": review["lead_tier"],
                            "lead_tier_reason": review["lead_tier_reason"],
                            "review_on": review["review_on"],
                            "parents_told": review["parents_told"],
                            "parents_not_told_reason": review["parents_not_told_reason"],
                            "updated_at": review["updated_at"],
                            "updated_by": None,
                        },
                    )
                for row in item["decisions"]:
                    q.add_decision(store, {**row, "concern_id": ours, "account_id": None})
                for row in item["referrals"]:
                    q.add_referral(store, {**row, "concern_id": ours, "created_by": None})
                for row in item["lado_contacts"]:
                    q.add_lado_contact(store, {**row, "concern_id": ours, "created_by": None})
                q.add_concern_origin(store, ours, import_id, theirs)

            entries = {
                e["key"]: q.add_entry(
                    store,
                    {
                        "young_person_id": root,
                        **{k: e[k] for k in ("happened_on", "kind", "summary", "recorded_at")},
                        "account_id": None,
                    },
                )
                for e in person["entries"]
            }
            tasks = {
                t["key"]: q.add_task(
                    store,
                    {
                        "concern_id": here[t["concern"]] if t["concern"] else None,
                        "young_person_id": root if t["on_young_person"] else None,
                        "text": t["text"],
                        "due_on": t["due_on"],
                        "done_at": t["done_at"],
                        "done_by": None,
                        "created_at": t["created_at"],
                        "created_by": None,
                    },
                )
                for t in person["tasks"]
            }
            for m in person["merges"]:
                q.add_merge(
                    store,
                    {
                        "kept_id": records[m["kept"]],
                        "merged_id": records[m["merged"]],
                        "at": m["at"],
                        "account_id": None,
                        "different_dob": m["different_dob"],
                        "concern_ids": [here[c] for c in m["concerns"]],
                        "entry_ids": [entries[k] for k in m["entries"]],
                        "task_ids": [tasks[k] for k in m["tasks"]],
                    },
                )
            q.add_entry(
                store,
                {
                    "young_person_id": root,
                    "happened_on": now.astimezone().date().isoformat(),
                    "kind": PROVENANCE_KIND,
                    "summary": _provenance(
                        payload, {o: t for o, t in renamed.items() if t in here}
                    ),
                    "recorded_at": _utc_text(now),
                    "account_id": self.session.account_id,
                },
            )
        q.set_import_people(store, import_id, roots)
        volunteers = sessions = 0
        training = payload.get("training")
        if training is not None:
            volunteers, sessions = self._write_training(store, training)
        return Received(bundle_id, tuple(roots), len(references), renamed, volunteers, sessions)

    def _write_training(self, store: Store, training: dict[str, Any]) -> tuple[int, int]:
        """The training log from the file, inside the import's transaction: (volunteers,
        sessions) it carried."""
        # A name already on the roster here is the same volunteer, as it stands here:
        # compared as the log compares names (app/core/text_checks.name_key).
        # Two in the file with one such name (an older version kept "Zoë Ng" beside
        # "ZOË NG") become one volunteer, with the sessions of both.
        here = {name_key(name): vid for vid, name in training_rows.roster(store).items()}
        ids: dict[int, int] = {}
        for v in training["volunteers"]:
            key = name_key(v["name"])
            if key not in here:
                here[key] = training_rows.add_volunteer(
                    store, v["name"], v["added_at"], v["active"]
                )
            ids[v["key"]] = here[key]
        for held in training["sessions"]:
            training_rows.take_session(
                store,
                held["held_on"],
                " ".join(held["topic"].split()),
                " ".join(held["led_by"].split()),
                list(dict.fromkeys(ids[k] for k in held["attendees"])),
                held["recorded_at"],
            )
        return len(training["volunteers"]), len(training["sessions"])

    def imports(self) -> list[ImportRow]:
        """The handover files imported here, oldest first (the ledger, for the lead)."""
        return q.imports(self._lead(IMPORT_REFUSAL))


# -- helpers -----------------------------------------------------------------------------
_PERSON_FIELDS = (
    "name",
    "known_as",
    "date_of_birth",
    "approximate_age",
    "gender",
    "address",
    "school",
    "carers",
    "needs",
    "needs_details",
    "first_language",
    "home_contact_unsafe",
    "home_contact_unsafe_reason",
)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _pick(row: dict[str, Any] | None, spec: dict[str, Any]) -> dict[str, Any] | None:
    return None if row is None else {k: row[k] for k in spec}


def _fields(row: Mapping[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """These fields of a typed row, in the order named."""
    return {k: row[k] for k in names}


def _name_line(person: dict[str, Any]) -> str:
    details = person["details"]
    born = details["date_of_birth"]
    age = details["approximate_age"]
    when = (
        f"born {date.fromisoformat(born):%d/%m/%Y}"
        if born
        else f"about {age}"
        if age is not None
        else "date of birth not known"
    )
    line = f"{_display(details)}, {when}: {_plural(len(person['concerns']), 'concern', 'concerns')}"
    others = [_display(o["details"]) for o in person["also_recorded_as"]]
    if others:
        line += " (also recorded as " + ", ".join(dict.fromkeys(others)) + ")"
    return line


def _provenance(payload: dict[str, Any], renamed: dict[str, str]) -> str:
    made = datetime.fromisoformat(payload["made_at"]).astimezone()
    text = (
        f"Records handed over from {payload['from_organisation'] or 'another organisation'} "
        f"in a handover file made on {made:%d/%m/%Y}. Decisions, corrections, chronology "
        "entries and follow-ups made there show no name here: the people who made them "
        "have no account on this computer."
    )
    if renamed:
        pairs = ", ".join(f"{ours} (was {theirs})" for ours, theirs in sorted(renamed.items()))
        text += f" Given new references because theirs were already in use here: {pairs}."
    return text


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    head, _, rest = path.partition(".")
    if rest:
        data[head][rest] = copy.deepcopy(value)
    else:
        data[head] = copy.deepcopy(value)


def _rereference(
    data: dict[str, Any], content_digest: str, amendments: list[dict[str, Any]], ours: str
) -> tuple[dict[str, Any], str, list[dict[str, Any]]]:
    """The concern under a new reference, with each digest that checked out under the old
    reference re-made under the new one (the digests cover the reference). A digest that
    did not check out stays as it was, so the versions view still says so."""

    def under(version: dict[str, Any]) -> str:
        return digest({**version, "id": ours})

    current = copy.deepcopy(data)
    remade: list[dict[str, Any]] = []
    for row in reversed(amendments):
        kept = under(current) if row["digest"] == digest(current) else row["digest"]
        remade.append({**row, "digest": kept})
        for path, change in row["changes"].items():
            _put(current, path, change["old"])
    content = under(current) if content_digest == digest(current) else content_digest
    remade.reverse()
    return {**data, "id": ours}, content, remade
