"""The database refuses to change or remove audit rows, whoever asks; adding still works, users can
still be removed, and tests that flush the database still can."""

from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from eropaf.accounts.models import User
from eropaf.accounts.roles import Role
from eropaf.audit.immutability import GUARDED_TABLES, expected_guard_count, installed_guard_count
from eropaf.audit.models import AuditAction, AuditEvent, AuditSeal, AuditSubject
from eropaf.audit.sealing import seal_events
from eropaf.audit.services import record_audit_event
from tests.factories import make_user_with_role


def _event() -> AuditEvent:
    user = make_user_with_role(Role.CASE_WORKER, username="medewerker")
    return record_audit_event(
        actor=user,
        action=AuditAction.VIEW,
        subject_type="case",
        subject_id=7,
        municipality_code="0505",
        case_ids=[7],
        signal_ids=[70, 71],
        description="Opened the case",
    )


def _refused(change: Callable[[], object]) -> None:
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        change()


@pytest.mark.django_db
def test_the_orm_cannot_change_or_remove_an_event(append_only: None) -> None:
    event = _event()

    def save_changed() -> None:
        event.description = "Nothing happened"
        event.save()

    _refused(save_changed)
    _refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(action=AuditAction.LOGIN))
    _refused(event.delete)
    _refused(AuditEvent.objects.all().delete)
    _refused(AuditSubject.objects.all().delete)

    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.description, stored.action) == ("Opened the case", AuditAction.VIEW)
    assert AuditSubject.objects.filter(event=event).count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("table", GUARDED_TABLES)
def test_raw_sql_cannot_change_or_remove_audit_rows(append_only: None, table: str) -> None:
    _event()
    seal_events()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 — a fixed table name
        before = cursor.fetchone()[0]
    assert before > 0

    def run(sql: str) -> Callable[[], None]:
        def execute() -> None:
            with connection.cursor() as cursor:
                cursor.execute(sql)

        return execute

    _refused(run(f"UPDATE {table} SET id = id + 1000"))  # noqa: S608
    _refused(run(f"DELETE FROM {table}"))  # noqa: S608

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608
        assert cursor.fetchone()[0] == before


@pytest.mark.django_db
def test_adding_events_still_works(append_only: None) -> None:
    first = _event()
    second = record_audit_event(actor=None, action=AuditAction.LOGIN_FAILED, subject_type="user")

    assert list(AuditEvent.objects.order_by("id")) == [first, second]
    sealed, head = seal_events()
    assert sealed == 2
    assert head.sequence == 2
    assert AuditSeal.objects.count() == 2


@pytest.mark.django_db
def test_a_user_can_be_removed_and_their_events_stay(append_only: None) -> None:
    event = _event()
    user_id = event.actor_id
    assert user_id is not None

    User.objects.filter(pk=user_id).get().delete()

    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor_id == user_id
    assert stored.actor_username == "medewerker"
    assert not User.objects.filter(pk=user_id).exists()


@pytest.mark.django_db
def test_the_guards_are_reported_installed(append_only: None) -> None:
    assert installed_guard_count(connection) == expected_guard_count(connection) > 0


def test_a_transactional_test_still_flushes(append_only: None, transactional_db: None) -> None:
    """Requested after ``append_only``, the database fixture flushes while the triggers are there:
    on SQLite with DELETE FROM, on PostgreSQL with TRUNCATE. A failing flush errors this test."""
    _event()
    seal_events()
    assert AuditEvent.objects.exists()


def test_flush_empties_the_trail_and_keeps_it_guarded(append_only: None, transactional_db: None) -> None:
    _event()
    seal_events()

    call_command("flush", interactive=False, verbosity=0)

    assert not AuditEvent.objects.exists()
    assert not AuditSubject.objects.exists()
    assert not AuditSeal.objects.exists()
    assert installed_guard_count(connection) == expected_guard_count(connection)
    _refused(lambda: _event().delete())
