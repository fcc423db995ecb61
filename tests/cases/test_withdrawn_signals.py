"""A withdrawn signal keeps its history but drops out of outreach."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.roles import Role
from eropaf.cases.workflow import CaseState
from eropaf.intake.models import Signal
from tests.factories import TeamFactory, make_case_with_signal, make_user_with_role

pytestmark = pytest.mark.django_db


def test_a_case_whose_signals_were_all_withdrawn_leaves_the_work_list(client: Client) -> None:
    team = TeamFactory.create()
    worker = make_user_with_role(Role.CASE_WORKER, team=team)
    waiting = make_case_with_signal(team=team, surname="Betaaldma")
    started = make_case_with_signal(team=team, surname="Bezigheid")
    started.state = CaseState.IN_PROGRESS
    started.save()
    Signal.objects.update(withdrawn_at=timezone.now(), withdrawal_reason="achterstand betaald")
    client.force_login(worker)

    page = client.get(reverse("cases:list")).content.decode()

    assert "Betaaldma" not in page  # nobody had started: out of outreach
    assert "Bezigheid" in page  # work already started stays visible
    detail = client.get(reverse("cases:detail", args=[started.pk])).content.decode()
    assert "Ingetrokken door de partner" in detail
    assert "achterstand betaald" in detail
    assert waiting.signals.get().withdrawn_at is not None  # history kept
