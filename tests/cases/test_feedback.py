"""Feedback to partners: only the permitted statuses, only on their own signals (BRIEF §4)."""

import datetime as dt
import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eropaf.accounts.api_tokens import create_api_token
from eropaf.accounts.roles import Role
from eropaf.cases.feedback import _BY_OUTCOME, Feedback, feedback_for
from eropaf.cases.models import Case
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import HELP_ACCEPTED_OUTCOMES, Outcome, SignalStatus
from eropaf.organisations.models import Partner
from tests.factories import (
    CaseSignalFactory,
    DeliveryFactory,
    PartnerFactory,
    SignalFactory,
    TeamFactory,
    make_case_with_signal,
    make_user_with_role,
)

CLOSED_ON = dt.date(2026, 11, 12)


def _for(outcome: Outcome, status: str = SignalStatus.PICKED_UP) -> Feedback:
    return feedback_for(
        signal_status=status, withdrawn=False, case_state="closed", case_outcome=outcome, closed_on=CLOSED_ON
    ).feedback


@pytest.mark.parametrize(
    ("outcome", "expected"),
    [
        (Outcome.ADVICE_OR_QUICK_FIX, Feedback.HELP_ACCEPTED),
        (Outcome.FOLLOW_UP_HELP, Feedback.HELP_ACCEPTED),
        (Outcome.FOLLOW_UP_FINANCIAL, Feedback.HELP_ACCEPTED),
        (Outcome.FOLLOW_UP_NON_FINANCIAL, Feedback.HELP_ACCEPTED),
        (Outcome.NO_CONTACT, Feedback.NOT_REACHED),
        (Outcome.NO_RESPONSE_AFTER_CONTACT, Feedback.NO_HELP_WANTED),
        (Outcome.SOLVES_IT_SELF, Feedback.NO_HELP_WANTED),
        (Outcome.ALREADY_PAID, Feedback.NO_HELP_WANTED),
        (Outcome.OTHER_TRAJECTORY, Feedback.NO_HELP_WANTED),
        (Outcome.REFERRAL_WITHOUT_RESIDENT, Feedback.NO_HELP_WANTED),
        (Outcome.NOT_PICKED_UP_REPEAT, Feedback.NOT_PICKED_UP_REPEAT),
        (Outcome.NOT_PICKED_UP_UNJUSTIFIED, Feedback.NOT_PICKED_UP_UNJUSTIFIED),
        (Outcome.NOT_PICKED_UP_OTHER, Feedback.NOT_PICKED_UP_OTHER),
        (Outcome.DECEASED, Feedback.DECEASED),
        (Outcome.NOT_A_RESIDENT, Feedback.NOT_A_RESIDENT),
        (Outcome.KNOWN_TO_DEBT_SERVICES, Feedback.KNOWN_TO_DEBT_SERVICES),
    ],
)
def test_every_outcome_has_its_feedback(outcome: Outcome, expected: Feedback) -> None:
    assert _for(outcome) == expected


def test_no_outcome_is_left_without_feedback() -> None:
    assert set(_BY_OUTCOME) | HELP_ACCEPTED_OUTCOMES == set(Outcome)


def test_help_accepted_asks_to_pause_collection_from_the_day_it_was_accepted() -> None:
    found = feedback_for(
        signal_status=SignalStatus.PICKED_UP,
        withdrawn=False,
        case_state="closed",
        case_outcome=Outcome.FOLLOW_UP_FINANCIAL,
        closed_on=CLOSED_ON,
    )
    assert found.pause_collection_from == CLOSED_ON
    assert _for(Outcome.SOLVES_IT_SELF) != Feedback.HELP_ACCEPTED


@pytest.mark.parametrize(
    "state", [CaseState.NEW, CaseState.QUEUED, CaseState.IN_PROGRESS, CaseState.HANDED_OVER]
)
def test_an_open_case_is_in_handling(state: CaseState) -> None:
    found = feedback_for(
        signal_status=SignalStatus.PICKED_UP,
        withdrawn=False,
        case_state=state,
        case_outcome="",
        closed_on=None,
    )
    assert (found.feedback, found.pause_collection_from) == (Feedback.IN_HANDLING, None)


def test_the_signal_status_matching_set_wins_and_withdrawn_says_so() -> None:
    assert _for(Outcome.SOLVES_IT_SELF, status=SignalStatus.DECEASED) == Feedback.DECEASED
    withdrawn = feedback_for(
        signal_status=SignalStatus.PICKED_UP,
        withdrawn=True,
        case_state="closed",
        case_outcome="no_contact",
        closed_on=None,
    )
    assert withdrawn.feedback == Feedback.WITHDRAWN


# --- Through the API and the portal: isolation -------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_throttle_counts() -> None:
    cache.clear()


def _headers(partner: Partner) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_api_token(partner=partner, name='test', created_by=None).key}"}


@pytest.fixture
def household(db: None) -> tuple[Case, Partner, Partner]:
    """One household with a rent signal of one partner and an energy signal of another."""
    team = TeamFactory.create()
    landlord = PartnerFactory.create(code="woongoed", municipalities=[team.municipality])
    energy = PartnerFactory.create(code="stroomnet", municipalities=[team.municipality])
    case = make_case_with_signal(
        team=team,
        delivery=DeliveryFactory.create(partner=landlord),
        reference="HUUR-1",
        surname="Geheimhouder",
        case_fields={
            "state": CaseState.CLOSED,
            "outcome": Outcome.FOLLOW_UP_FINANCIAL,
            "closed_on": CLOSED_ON,
            "closing_note": "Vertrouwelijke notitie over de schulden",
            "has_minors": True,
        },
    )
    other = SignalFactory.create(
        delivery=DeliveryFactory.create(partner=energy, period=case.period),
        municipality=case.municipality,
        period=case.period,
        reference="STROOM-9",
        address_key=case.address_key,
    )
    CaseSignalFactory.create(case=case, signal=other)
    return case, landlord, energy


def _api(client: Client, partner: Partner, query: str = "") -> list[dict[str, Any]]:
    response = client.get(reverse("api:feedback-list") + query, headers=_headers(partner))
    assert response.status_code == 200
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def test_a_partner_gets_only_its_own_signals_and_only_the_permitted_fields(
    client: Client, household: tuple[Case, Partner, Partner]
) -> None:
    _, landlord, energy = household
    rows = _api(client, landlord)
    assert [row["reference"] for row in rows] == ["HUUR-1"]
    assert set(rows[0]) == {
        "signal_id",
        "reference",
        "period",
        "status",
        "status_label",
        "pause_collection_from",
        "changed_at",
    }
    assert (rows[0]["status"], rows[0]["status_label"], rows[0]["pause_collection_from"]) == (
        "help_accepted",
        "Hulp geaccepteerd",
        "2026-11-12",
    )
    body = json.dumps(rows)
    for secret in (
        "Geheimhouder",
        "Vertrouwelijke",
        "STROOM-9",
        "minderjarig",
        "follow_up_financial",
    ):
        assert secret not in body
    assert not any("case" in key for key in rows[0])  # nothing of the case but the feedback
    assert [row["reference"] for row in _api(client, energy)] == ["STROOM-9"]


def test_since_gives_only_what_changed_after_it(
    client: Client, household: tuple[Case, Partner, Partner]
) -> None:
    _, landlord, _ = household
    later = (timezone.now() + dt.timedelta(minutes=1)).isoformat()
    assert _api(client, landlord, f"?since={later.replace('+', '%2B')}") == []
    assert (
        client.get(reverse("api:feedback-list") + "?since=gisteren", headers=_headers(landlord)).status_code
        == 400
    )


def test_another_reason_is_never_named(client: Client, household: tuple[Case, Partner, Partner]) -> None:
    case, landlord, _ = household
    Case.objects.filter(pk=case.pk).update(outcome=Outcome.NOT_PICKED_UP_OTHER)
    assert _api(client, landlord)[0]["status_label"] == "Niet opgepakt: andere reden"


def test_the_portal_shows_the_own_feedback_only(
    client: Client, household: tuple[Case, Partner, Partner]
) -> None:
    _, landlord, _ = household
    client.force_login(make_user_with_role(Role.PARTNER_USER, partner=landlord))
    page = client.get(reverse("feedback:list")).content.decode()
    assert "HUUR-1" in page
    assert "Hulp geaccepteerd" in page
    assert "STROOM-9" not in page
    assert "Geheimhouder" not in page


def test_case_workers_do_not_use_the_partner_page(
    client: Client, household: tuple[Case, Partner, Partner]
) -> None:
    case, _, _ = household
    client.force_login(make_user_with_role(Role.CASE_WORKER, team=case.team))
    assert client.get(reverse("feedback:list")).status_code == 403
