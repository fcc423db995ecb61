"""The hash chain: seal_audit links every event after the fact, verify_audit finds the first link
that no longer holds — even when someone with the database owner's rights went around the triggers."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from eropaf.audit import sealing
from eropaf.audit.models import AuditAction, AuditEvent, AuditSeal
from eropaf.audit.sealing import GENESIS, Head, chain_hash, seal_events, verify_chain
from eropaf.audit.services import record_audit_event

pytestmark = pytest.mark.django_db


def _events(count: int) -> list[AuditEvent]:
    return [
        record_audit_event(
            actor=None,
            action=AuditAction.VIEW,
            subject_type="case",
            subject_id=number,
            municipality_code="0505",
            case_ids=[number],
            description=f"Opened case {number}",
        )
        for number in range(1, count + 1)
    ]


def _verify(*args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
    except SystemExit as stop:
        return int(str(stop.code)), out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def _sql(statement: str, params: list[str | int]) -> None:
    """What a database owner could do after dropping the triggers (``without_guards``)."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_sealing_links_every_event_in_id_order(append_only: None) -> None:
    events = _events(3)
    out = io.StringIO()

    call_command("seal_audit", stdout=out)

    seals = list(AuditSeal.objects.order_by("sequence"))
    assert [seal.event_id for seal in seals] == [event.pk for event in events]
    previous = GENESIS
    for sequence, seal in enumerate(seals, start=1):
        assert seal.sequence == sequence
        assert seal.chain_hash == chain_hash(previous=previous, sequence=sequence, content=seal.content_hash)
        previous = seal.chain_hash
    assert f"3 {previous}" in out.getvalue()
    code, output = _verify()
    assert code == 0
    assert f"3 {previous}" in output
    assert seal_events() == (0, verify_chain().head)


def test_an_event_committed_late_is_sealed_by_the_next_run(append_only: None) -> None:
    """A transaction that took its id before another but commits after it: its event has a lower id
    than events already sealed. It gets the next link; nothing waits for it."""
    [first] = _events(1)
    later = AuditEvent.objects.create(pk=first.pk + 10, action=AuditAction.VIEW, subject_type="case")
    assert seal_events()[0] == 2
    late = AuditEvent.objects.create(pk=first.pk + 5, action=AuditAction.VIEW, subject_type="case")
    assert verify_chain().unsealed == 1

    sealed, head = seal_events()

    assert (sealed, head.sequence) == (1, 3)
    assert [seal.event_id for seal in AuditSeal.objects.order_by("sequence")] == [first.pk, later.pk, late.pk]
    assert verify_chain().chain_intact


def test_a_changed_event_is_found(without_guards: None) -> None:
    events = _events(4)
    seal_events()
    _sql("UPDATE audit_auditevent SET description = %s WHERE id = %s", ["Nothing to see", events[2].pk])

    verdict = verify_chain()
    code, _output = _verify()

    assert verdict.broken_at == 3
    assert str(events[2].pk) in verdict.problem
    assert code == 1


def test_a_removed_event_and_its_link_are_found(without_guards: None) -> None:
    events = _events(4)
    seal_events()
    _sql("DELETE FROM audit_auditseal WHERE event_id = %s", [events[1].pk])
    _sql("DELETE FROM audit_auditsubject WHERE event_id = %s", [events[1].pk])
    _sql("DELETE FROM audit_auditevent WHERE id = %s", [events[1].pk])

    verdict = verify_chain()

    assert verdict.broken_at == 2
    assert _verify()[0] == 1


def test_a_rebuilt_chain_is_found_with_the_head_kept_outside(without_guards: None) -> None:
    events = _events(3)
    _sealed, head = seal_events()
    kept = f"{head.sequence}:{head.chain_hash}"
    _sql("UPDATE audit_auditevent SET actor_username = %s WHERE id = %s", ["iemand-anders", events[0].pk])
    _sql("DELETE FROM audit_auditseal", [])
    seal_events()
    assert verify_chain().chain_intact, "a rebuilt chain holds on its own"

    assert _verify("--expect", kept)[0] == 1
    assert verify_chain(expect={head.sequence: head.chain_hash}).broken_at == head.sequence


def test_missing_triggers_are_reported(without_guards: None) -> None:
    _events(1)
    seal_events()

    assert _verify()[0] == 2


def test_install_guards_puts_the_triggers_back(append_only: None) -> None:
    from eropaf.audit.immutability import remove_guards  # noqa: PLC0415

    remove_guards(connection)
    assert _verify()[0] == 2

    assert _verify("--install-guards")[0] == 0
    assert _verify()[0] == 0


def test_a_sealer_racing_another_keeps_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two sealers that read the same head: the second one's links collide on the unique sequence,
    its batch is rolled back and the command says to run it again; the chain does not fork."""
    _events(2)
    seal_events()
    _events(1)
    monkeypatch.setattr(sealing, "current_head", lambda: Head(1, "stale"))

    with pytest.raises(CommandError):
        call_command("seal_audit", stdout=io.StringIO())

    assert AuditSeal.objects.count() == 2
    monkeypatch.undo()
    assert seal_events()[0] == 1
    assert verify_chain().chain_intact
