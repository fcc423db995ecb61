"""Reading a case is recorded: who, which case, which municipality, in the transaction of the read."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import DatabaseError, connection
from django.db.models.signals import pre_save
from django.test import Client
from django.urls import reverse

from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditAction, AuditEvent
from eropaf.cases.models import Case
from eropaf.core.periods import shift_months
from tests.factories import TeamFactory, make_case_with_signal, make_user_with_role

SURNAME = "Zonnebloemvink"
BSN = "111222333"
STREET = "Lindeboomgaard"


def _case(**extra: Any) -> Case:
    team = TeamFactory.create(municipality__code="0599")
    return make_case_with_signal(team=team, surname=SURNAME, bsn=BSN, street=STREET, **extra)


@pytest.mark.django_db
def test_opening_a_case_records_exactly_one_view_event(client: Client) -> None:
    case = _case()
    assert case.team is not None
    user = make_user_with_role(Role.CASE_WORKER, team=case.team)
    client.force_login(user)
    before = set(AuditEvent.objects.values_list("pk", flat=True))

    response = client.get(reverse("cases:detail", args=[case.pk]))

    assert response.status_code == 200
    new = list(AuditEvent.objects.exclude(pk__in=before))
    assert len(new) == 1, [str(event) for event in new]
    event = new[0]
    assert event.action == AuditAction.VIEW
    assert event.subject_type == "case"
    assert event.subject_id == str(case.pk)
    assert event.case_ids == [case.pk]
    assert event.signal_ids == [signal.pk for signal in case.signals.all()]
    assert event.actor == user
    assert event.actor_username == user.username
    assert event.municipality_code == "0599"


@pytest.mark.django_db
def test_every_opening_is_recorded(client: Client) -> None:
    case = _case()
    assert case.team is not None
    client.force_login(make_user_with_role(Role.TEAM_LEAD, team=case.team))

    for _ in range(3):
        client.get(reverse("cases:detail", args=[case.pk]))

    assert AuditEvent.objects.filter(action=AuditAction.VIEW, subject_type="case").count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other team", "other municipality", "partner user"])
def test_a_refused_case_records_no_view_of_it(client: Client, who: str) -> None:
    case = _case()
    assert case.team is not None
    if who == "other team":
        user = make_user_with_role(Role.CASE_WORKER, team=TeamFactory.create(municipality=case.municipality))
    elif who == "other municipality":
        user = make_user_with_role(Role.CASE_WORKER)
    else:
        user = make_user_with_role(Role.PARTNER_USER)
    client.force_login(user)

    response = client.get(reverse("cases:detail", args=[case.pk]))

    assert response.status_code in {403, 404}
    assert not [
        event for event in AuditEvent.objects.filter(action=AuditAction.VIEW) if case.pk in event.case_ids
    ]


@pytest.mark.django_db
def test_the_case_list_records_the_cases_it_shows(client: Client) -> None:
    shown = _case()
    assert shown.team is not None
    last_month = make_case_with_signal(team=shown.team, period=shift_months(shown.period, -1))
    other_team = make_case_with_signal(team=TeamFactory.create(municipality=shown.municipality))
    user = make_user_with_role(Role.CASE_WORKER, team=shown.team)
    client.force_login(user)

    response = client.get(reverse("cases:list"))

    assert response.status_code == 200
    events = list(AuditEvent.objects.filter(action=AuditAction.VIEW))
    assert len(events) == 1
    assert events[0].actor == user
    assert events[0].case_ids == [shown.pk]
    assert last_month.pk not in events[0].case_ids
    assert other_team.pk not in events[0].case_ids


@dataclass
class Query:
    sql: str
    atomic: object | None  # the outermost atomic block the query ran in


@pytest.fixture
def queries() -> Iterator[list[Query]]:
    """Every SQL statement of the block with the outermost transaction it ran in."""
    seen: list[Query] = []

    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        outer = connection.atomic_blocks[0] if connection.atomic_blocks else None
        seen.append(Query(sql, outer))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


@pytest.mark.django_db(transaction=True)
def test_the_view_event_is_written_in_the_transaction_that_reads_the_case(
    client: Client, queries: list[Query]
) -> None:
    """Without a test transaction around it, the read of the case and the insert of the event must
    share one transaction of the view's own: either both happen or neither does."""
    case = _case()
    assert case.team is not None
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))
    queries.clear()

    response = client.get(reverse("cases:detail", args=[case.pk]))

    assert response.status_code == 200
    reads = [q for q in queries if q.sql.lstrip().upper().startswith("SELECT") and '"cases_case"' in q.sql]
    inserts = [
        q for q in queries if q.sql.lstrip().upper().startswith("INSERT") and '"audit_auditevent"' in q.sql
    ]
    assert reads, "the case was not read"
    assert len(inserts) == 1
    assert inserts[0].atomic is not None, "the audit event was written outside a transaction"
    assert reads[0].atomic is inserts[0].atomic, "the case was read in another transaction than the audit"


@pytest.mark.django_db
def test_no_case_is_shown_when_its_view_cannot_be_recorded() -> None:
    case = _case()
    assert case.team is not None
    client = Client(raise_request_exception=False)
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))

    def refuse(sender: type[AuditEvent], instance: AuditEvent, **kwargs: Any) -> None:
        raise DatabaseError("audit store unavailable")

    pre_save.connect(refuse, sender=AuditEvent, dispatch_uid="refuse-audit")
    try:
        response = client.get(reverse("cases:detail", args=[case.pk]))
    finally:
        pre_save.disconnect(dispatch_uid="refuse-audit", sender=AuditEvent)

    assert response.status_code == 500
    body = response.content.decode()
    assert SURNAME not in body
    assert STREET not in body


@pytest.mark.django_db
def test_audit_events_never_hold_personal_data(client: Client) -> None:
    case = _case()
    assert case.team is not None
    signal = case.signals.get()
    user = make_user_with_role(Role.CASE_WORKER, team=case.team)
    client.force_login(user)

    client.get(reverse("cases:list"))
    client.get(reverse("cases:detail", args=[case.pk]))
    client.post(reverse("accounts:logout"))

    events = list(AuditEvent.objects.all())
    assert len(events) >= 3
    personal = [SURNAME, BSN, STREET, signal.first_names, signal.postcode, signal.display_address]
    for event in events:
        stored = " ".join(
            [
                event.description,
                event.subject_type,
                event.subject_id,
                event.actor_username,
                str(event.case_ids),
                str(event.signal_ids),
            ]
        )
        for value in personal:
            assert value not in stored, f"{event}: {value!r}"
