"""Court steps through the services, the staff's page, the partner portal and the API; "never on the
street" holds on every path, down to the database."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from eropaf.accounts.api_tokens import create_api_token
from eropaf.audit.models import AuditEvent
from eropaf.core.errors import ApplicationError, InvalidTransition
from eropaf.escalation import services
from eropaf.escalation.court import CourtStage, CourtStepKind, HousingArrangement
from eropaf.escalation.models import CourtStep, EvictionTrack, StepSource
from tests.escalation.conftest import Chain, days_ago
from tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db


def _track(chain: Chain, **fields: object) -> EvictionTrack:
    with transaction.atomic():
        track = services.track_for_case(chain.case)
    EvictionTrack.objects.filter(pk=track.pk).update(**fields)
    track.refresh_from_db()
    return track


def _step(track: EvictionTrack, kind: CourtStepKind, on: dt.date, chain: Chain) -> None:
    services.record_court_step(
        track_id=track.pk, kind=kind, on=on, source=StepSource.STAFF, user=chain.worker
    )


def _to_scheduled(chain: Chain, **fields: object) -> EvictionTrack:
    track = _track(chain, **fields)
    _step(track, CourtStepKind.SUMMONS, days_ago(90), chain)
    _step(track, CourtStepKind.JUDGMENT, days_ago(40), chain)
    _step(track, CourtStepKind.EVICTION_DATE, days_ago(-10), chain)
    track.refresh_from_db()
    return track


def test_a_track_belongs_to_the_team_of_the_households_case(chain: Chain) -> None:
    track = _track(chain)

    assert (track.team, track.stage) == (chain.team, CourtStage.NONE)
    assert track.address.startswith("Voorstraat 12, 3311 AB")


def test_each_step_moves_the_stage_and_is_audited(chain: Chain) -> None:
    track = _to_scheduled(chain)

    assert track.stage == CourtStage.SCHEDULED
    assert track.eviction_on == days_ago(-10)
    assert list(track.court_steps.values_list("stage_after", flat=True)) == [
        CourtStage.SUMMONED,
        CourtStage.JUDGED,
        CourtStage.SCHEDULED,
    ]
    assert AuditEvent.objects.filter(subject_type="court_step", actor=chain.worker).count() == 3


def test_a_step_that_does_not_fit_is_refused_and_nothing_is_written(chain: Chain) -> None:
    track = _track(chain)

    with pytest.raises(InvalidTransition):
        _step(track, CourtStepKind.EVICTION_NOTICE, days_ago(1), chain)

    assert not CourtStep.objects.exists()
    assert not AuditEvent.objects.filter(subject_type="court_step").exists()


def test_cancelling_clears_the_eviction_date(chain: Chain) -> None:
    track = _to_scheduled(chain)

    _step(track, CourtStepKind.CANCELLED, days_ago(0), chain)
    track.refresh_from_db()

    assert (track.stage, track.eviction_on) == (CourtStage.CANCELLED, None)


@pytest.mark.parametrize("protection", [{"has_minors": True}, {"is_vulnerable": True}])
def test_never_on_the_street_through_the_service(chain: Chain, protection: dict[str, bool]) -> None:
    track = _to_scheduled(chain, **protection)

    with pytest.raises(InvalidTransition):
        _step(track, CourtStepKind.EXECUTED, days_ago(0), chain)
    services.record_housing_arrangement(
        user=chain.worker, track_id=track.pk, arrangement=HousingArrangement.CRISIS_PLACE
    )
    _step(track, CourtStepKind.EXECUTED, days_ago(0), chain)

    track.refresh_from_db()
    assert track.stage == CourtStage.EXECUTED


def test_never_on_the_street_in_the_database(chain: Chain) -> None:
    track = _to_scheduled(chain, has_minors=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        EvictionTrack.objects.filter(pk=track.pk).update(stage=CourtStage.EXECUTED)


def test_the_arrangement_cannot_be_removed_after_the_eviction(chain: Chain) -> None:
    track = _to_scheduled(chain, has_minors=True)
    services.record_housing_arrangement(
        user=chain.worker, track_id=track.pk, arrangement=HousingArrangement.OWN_NETWORK
    )
    _step(track, CourtStepKind.EXECUTED, days_ago(0), chain)

    with pytest.raises(InvalidTransition):
        services.record_housing_arrangement(user=chain.worker, track_id=track.pk, arrangement="")


def test_never_on_the_street_through_the_page(chain: Chain, client: Client) -> None:
    track = _to_scheduled(chain, is_vulnerable=True)
    client.force_login(chain.worker)

    response = client.post(
        reverse("escalation:record-step", args=[track.pk]),
        {"stap": "executed", "datum": days_ago(0).isoformat()},
    )

    assert response.status_code == 400
    assert "woon" in response.content.decode()
    track.refresh_from_db()
    assert track.stage == CourtStage.SCHEDULED


def test_never_on_the_street_through_the_partner_portal_and_the_api(chain: Chain, client: Client) -> None:
    track = _to_scheduled(chain, has_minors=True)
    client.force_login(chain.landlord_user)

    page = client.post(
        reverse("escalation:report"),
        {"referentie": "HUUR-0001", "stap": "executed", "datum": days_ago(0).isoformat()},
    )
    key = create_api_token(partner=chain.landlord, name="Huursysteem", created_by=None).key
    api = Client().post(
        "/api/v1/court-steps",
        {"step": "executed", "date": days_ago(0).isoformat(), "reference": "HUUR-0001"},
        content_type="application/json",
        headers={"authorization": f"Bearer {key}"},
    )

    assert page.status_code == 400
    assert api.status_code == 409
    assert api["content-type"].startswith("application/problem+json")
    track.refresh_from_db()
    assert track.stage == CourtStage.SCHEDULED


def test_a_landlord_reports_a_summons_by_its_reference(chain: Chain, client: Client) -> None:
    client.force_login(chain.landlord_user)

    response = client.post(
        reverse("escalation:report"),
        {"referentie": "HUUR-0001", "stap": "summons", "datum": days_ago(3).isoformat()},
    )

    assert response.status_code == 302
    step = CourtStep.objects.get()
    assert (step.kind, step.source, step.partner, step.on) == (
        CourtStepKind.SUMMONS,
        StepSource.LANDLORD,
        chain.landlord,
        days_ago(3),
    )
    assert step.track.landlord == chain.landlord
    listed = client.get(reverse("escalation:report")).content.decode()
    assert "Dagvaarding" in listed


def test_a_landlord_cannot_report_on_someone_elses_reference(chain: Chain) -> None:
    other = PartnerFactory.create(municipalities=[chain.municipality])

    with pytest.raises(ApplicationError):
        services.household_of_partner_reference(partner=other, reference="HUUR-0001")


def test_a_bailiff_reports_by_address_in_a_municipality_it_serves(chain: Chain) -> None:
    key = create_api_token(partner=chain.bailiff, name="Deurwaarderssysteem", created_by=None).key
    body = {"step": "summons", "date": days_ago(5).isoformat(), "municipality_code": "0505",
            "postcode": "3311 ab", "house_number": 12}  # fmt: skip

    created = Client().post(
        "/api/v1/court-steps",
        body,
        content_type="application/json",
        headers={"authorization": f"Bearer {key}"},
    )
    elsewhere = Client().post(
        "/api/v1/court-steps",
        {**body, "municipality_code": "0363"},
        content_type="application/json",
        headers={"authorization": f"Bearer {key}"},
    )
    listed = Client().get("/api/v1/court-steps", headers={"authorization": f"Bearer {key}"})

    assert created.status_code == 201, created.content
    assert created.json()["stage_after"] == "summoned"
    assert CourtStep.objects.get().source == StepSource.BAILIFF
    assert elsewhere.status_code == 404
    assert [row["step"] for row in listed.json()["results"]] == ["summons"]


def test_a_partner_lists_only_its_own_steps(chain: Chain) -> None:
    track = _track(chain)
    _step(track, CourtStepKind.SUMMONS, days_ago(9), chain)
    key = create_api_token(partner=chain.landlord, name="Huursysteem", created_by=None).key

    listed = Client().get("/api/v1/court-steps", headers={"authorization": f"Bearer {key}"})

    assert listed.json()["results"] == []


def test_the_partners_list_of_reported_steps_is_recorded_with_the_households_cases(
    chain: Chain, client: Client
) -> None:
    client.force_login(chain.landlord_user)
    client.post(
        reverse("escalation:report"),
        {"referentie": "HUUR-0001", "stap": "summons", "datum": days_ago(3).isoformat()},
    )

    client.get(reverse("escalation:report"))

    viewed = AuditEvent.objects.get(subject_type="court_steps_reported", actor=chain.landlord_user)
    assert viewed.case_ids == [chain.case.pk]
