"""The hash chain over the audit trail: tamper evidence a security officer can check.

``seal_events`` (``eropaf seal_audit``, run every few minutes) gives every event that has no seal
yet the next link, in id order: the SHA-256 of the event's content, and the SHA-256 of the previous
link, the sequence and that content hash. It runs after the fact, so recording an event never waits
for a lock; an event whose transaction commits late is sealed by the next run.

``verify_chain`` (``eropaf verify_audit``) walks the links in order and reports the first that does
not hold: an event changed after sealing, a link changed, removed or out of order. Anyone able to
write the database could rebuild the whole chain, so keep the head (the last sequence and chain hash
the sealer prints) outside the database and check it with ``--expect``.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import connections, router, transaction
from django.utils.translation import gettext as _

from eropaf.audit.immutability import expected_guard_count, installed_guard_count
from eropaf.audit.models import AuditEvent, AuditSeal

GENESIS = "0" * 64
_EVENT_FIELDS = (
    "id",
    "at",
    "actor_id",
    "actor_username",
    "action",
    "subject_type",
    "subject_id",
    "municipality_code",
    "case_ids",
    "signal_ids",
    "description",
)


def content_hash(event: Mapping[str, Any]) -> str:
    """SHA-256 of the event's fields as canonical JSON (the same on SQLite and PostgreSQL)."""
    values = [event[name] for name in _EVENT_FIELDS]
    values[1] = event["at"].isoformat()
    text = json.dumps(values, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def chain_hash(*, previous: str, sequence: int, content: str) -> str:
    return hashlib.sha256(f"{previous}:{sequence}:{content}".encode()).hexdigest()


@dataclass(frozen=True)
class Head:
    sequence: int
    chain_hash: str


def current_head() -> Head:
    last = AuditSeal.objects.order_by("-sequence").values_list("sequence", "chain_hash").first()
    return Head(*last) if last else Head(0, GENESIS)


def seal_events(*, batch_size: int = 5000) -> tuple[int, Head]:
    """Seal every unsealed event, a batch per transaction. Returns how many and the new head.

    Two sealers at once cannot fork the chain: the second one's sequence or event is already
    taken, its batch fails with an IntegrityError and nothing of it is kept."""
    sealed = 0
    while True:
        with transaction.atomic():
            head = current_head()
            rows = list(
                AuditEvent.objects.filter(seal__isnull=True)
                .order_by("id")
                .values(*_EVENT_FIELDS)[:batch_size]
            )
            if not rows:
                return sealed, head
            seals = []
            previous, sequence = head.chain_hash, head.sequence
            for row in rows:
                sequence += 1
                content = content_hash(row)
                previous = chain_hash(previous=previous, sequence=sequence, content=content)
                seals.append(
                    AuditSeal(
                        sequence=sequence, event_id=row["id"], content_hash=content, chain_hash=previous
                    )
                )
            AuditSeal.objects.bulk_create(seals)
        sealed += len(rows)


@dataclass(frozen=True)
class Verdict:
    sealed: int
    unsealed: int
    head: Head
    guards_installed: int
    guards_expected: int
    # The first link that does not hold: its sequence and what is wrong; None when all hold.
    broken_at: int | None = None
    problem: str = ""

    @property
    def chain_intact(self) -> bool:
        return self.broken_at is None

    @property
    def guarded(self) -> bool:
        return self.guards_installed == self.guards_expected


def _links(chunk_size: int) -> Iterable[dict[str, Any]]:
    fields = ["sequence", "content_hash", "chain_hash"] + [f"event__{name}" for name in _EVENT_FIELDS]
    links: Iterable[dict[str, Any]] = (
        AuditSeal.objects.order_by("sequence").values(*fields).iterator(chunk_size=chunk_size)
    )
    return links


def verify_chain(*, expect: Mapping[int, str] | None = None, chunk_size: int = 5000) -> Verdict:
    """Walk the chain from the first link; stop at the first one that does not hold."""
    expect = dict(expect or {})
    connection = connections[router.db_for_read(AuditSeal)]
    guards = (installed_guard_count(connection), expected_guard_count(connection))
    previous = GENESIS
    broken_at: int | None = None
    problem = ""
    for sequence, link in enumerate(_links(chunk_size), start=1):
        event = {name: link[f"event__{name}"] for name in _EVENT_FIELDS}
        if link["sequence"] != sequence:
            problem = _("link %(sequence)d is missing (the next is %(next)d)") % {
                "sequence": sequence,
                "next": link["sequence"],
            }
        elif content_hash(event) != link["content_hash"]:
            problem = _("event %(id)d was changed after it was sealed") % {"id": event["id"]}
        elif (
            chain_hash(previous=previous, sequence=sequence, content=link["content_hash"])
            != link["chain_hash"]
        ):
            problem = _("the chain hash of link %(sequence)d does not follow from the link before") % {
                "sequence": sequence
            }
        elif sequence in expect and expect.pop(sequence) != link["chain_hash"]:
            problem = _("link %(sequence)d differs from the head kept outside the database") % {
                "sequence": sequence
            }
        if problem:
            broken_at = sequence
            break
        previous = link["chain_hash"]
    if broken_at is None and expect:
        broken_at = min(expect)
        problem = _("link %(sequence)d, kept outside the database, is not in the chain") % {
            "sequence": broken_at
        }
    return Verdict(
        sealed=AuditSeal.objects.count(),
        unsealed=AuditEvent.objects.filter(seal__isnull=True).count(),
        head=current_head(),
        guards_installed=guards[0],
        guards_expected=guards[1],
        broken_at=broken_at,
        problem=problem,
    )
