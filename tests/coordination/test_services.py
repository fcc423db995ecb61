"""Filing, the agenda and the decisions through the services: what they write, refuse and audit."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from eropaf.accounts.roles import Role
from eropaf.audit.models import AuditAction, AuditEvent
from eropaf.coordination import services
from eropaf.coordination.models import CaseForm, Decision
from eropaf.coordination.rules import AgendaReason, FormStatus, Scenario
from eropaf.core.errors import ApplicationError, InvalidTransition, NotPermitted
from eropaf.core.vocabularies import PartnerType
from eropaf.escalation.court import CourtStage, CourtStepKind, HousingArrangement
from eropaf.escalation.models import CourtStep, EvictionTrack, StepSource
from eropaf.escalation.services import record_court_step
from tests.coordination.conftest import (
    REFERENCE,
    Chain,
    case_form_draft,
    evict_draft,
    make_chain,
    prevent_draft,
)
from tests.factories import PartnerFactory, TeamFactory, make_user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dutch() -> object:
    with translation.override("nl"):
        yield


def audits(subject_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(subject_type=subject_type).order_by("id"))


def judged(chain: Chain, track: EvictionTrack) -> None:
    """The landlord's summons and judgment, so a suspension fits the court timeline."""
    today = timezone.localdate()
    for kind in (CourtStepKind.SUMMONS, CourtStepKind.JUDGMENT):
        record_court_step(
            track_id=track.pk, kind=kind, on=today, source=StepSource.LANDLORD, partner=chain.landlord
        )


# --- filing ----------------------------------------------------------------------------------


def test_the_landlord_files_for_its_own_tenant(chain: Chain) -> None:
    form = chain.file()

    assert form.status == FormStatus.FILED
    assert form.partner == chain.landlord
    assert form.track.address_key == chain.case.address_key
    assert form.track.landlord == chain.landlord
    assert form.track.team == chain.team
    [event] = audits("coordination_case_form")
    assert event.action == AuditAction.CREATE
    assert event.actor_id == chain.landlord_user.pk
    assert event.case_ids == [chain.case.pk]
    assert "245" not in event.description  # no amounts in the audit trail


def test_the_landlord_files_only_for_its_own_signals(chain: Chain) -> None:
    other = make_chain("0642", "Zwijndrecht")
    with pytest.raises(NotPermitted):
        services.file_case_form_as_landlord(
            user=other.landlord_user, partner=chain.landlord, reference=REFERENCE, draft=case_form_draft()
        )
    with pytest.raises(ApplicationError, match="HUUR-9999"):
        services.file_case_form_as_landlord(
            user=chain.landlord_user, partner=chain.landlord, reference="HUUR-9999", draft=case_form_draft()
        )
    assert not CaseForm.objects.exists()


def test_only_a_landlord_files(chain: Chain) -> None:
    energy = PartnerFactory.create(partner_type=PartnerType.ENERGY, municipalities=[chain.municipality])
    user = make_user_with_role(Role.PARTNER_USER, partner=energy)
    with pytest.raises(NotPermitted):
        services.file_case_form_as_landlord(
            user=user, partner=energy, reference=REFERENCE, draft=case_form_draft()
        )


def test_a_form_without_informing_the_tenant_is_refused_and_not_stored(chain: Chain) -> None:
    with pytest.raises(InvalidTransition, match="Informeer de huurder"):
        chain.file(tenant_informed=False)
    assert not CaseForm.objects.exists()
    assert not audits("coordination_case_form")


def test_one_open_form_per_household(chain: Chain) -> None:
    chain.file()
    with pytest.raises(InvalidTransition, match="ligt al bij het Regieteam"):
        services.file_case_form_as_staff(
            user=chain.case_worker, case_id=chain.case.pk, draft=case_form_draft()
        )


def test_staff_of_the_responsible_team_file_one_too(chain: Chain) -> None:
    form = services.file_case_form_as_staff(
        user=chain.case_worker, case_id=chain.case.pk, draft=case_form_draft()
    )

    assert form.partner is None
    assert form.filed_by == chain.case_worker
    assert audits("coordination_case_form")[0].actor_id == chain.case_worker.pk


def test_staff_of_another_team_cannot_file(chain: Chain) -> None:
    stranger = make_user_with_role(Role.CASE_WORKER, team=TeamFactory.create(municipality=chain.municipality))
    with pytest.raises(NotPermitted):
        services.file_case_form_as_staff(user=stranger, case_id=chain.case.pk, draft=case_form_draft())


# --- meetings and the agenda -----------------------------------------------------------------


def test_a_member_plans_a_meeting_once_a_day(chain: Chain) -> None:
    meeting = chain.meeting()

    assert meeting.municipality == chain.municipality
    assert audits("coordination_meeting")[0].actor_id == chain.member.pk
    with pytest.raises(InvalidTransition, match="al een overleg"):
        chain.meeting()


def test_only_members_of_the_regieteam_plan_its_meetings(chain: Chain) -> None:
    meldpunt = make_user_with_role(
        Role.ESCALATION_MEMBER, team=TeamFactory.create(municipality=chain.municipality)
    )
    with pytest.raises(NotPermitted):
        services.create_meeting(user=meldpunt, team_id=chain.regieteam.pk, held_on=timezone.localdate())


def test_putting_a_form_on_the_agenda(chain: Chain) -> None:
    form = chain.file()
    item = chain.on_agenda(form)

    form.refresh_from_db()
    assert form.status == FormStatus.ON_AGENDA
    assert item.position == 1
    assert audits("coordination_case_form")[-1].action == AuditAction.UPDATE
    later = chain.meeting(timezone.localdate() + dt.timedelta(days=14))
    with pytest.raises(InvalidTransition, match="staat al op de agenda"):
        chain.on_agenda(form, later)


def test_a_regieteam_of_another_municipality_cannot_schedule_the_form(chain: Chain) -> None:
    form = chain.file()
    other = make_chain("0642", "Zwijndrecht")
    with pytest.raises(NotPermitted):
        services.put_on_agenda(
            user=other.member, meeting_id=other.meeting().pk, form_id=form.pk, reason=AgendaReason.FIRST
        )


# --- scenario 1 ------------------------------------------------------------------------------


def test_scenario_one_suspends_the_eviction_on_the_court_timeline(chain: Chain) -> None:
    form = chain.file()
    judged(chain, form.track)
    item = chain.on_agenda(form)

    decision = services.record_decision(user=chain.member, item_id=item.pk, draft=prevent_draft())

    track = EvictionTrack.objects.get(pk=form.track_id)
    assert track.stage == CourtStage.SUSPENDED
    step = CourtStep.objects.get(kind=CourtStepKind.SUSPENDED)
    assert decision.suspension_step == step
    assert step.source == StepSource.STAFF
    assert step.recorded_by == chain.member
    form.refresh_from_db()
    assert form.status == FormStatus.DECIDED
    [event] = audits("coordination_decision")
    assert event.actor_id == chain.member.pk
    assert "Scenario 1" in event.description


def test_before_a_judgment_the_suspension_is_only_noted(chain: Chain) -> None:
    form = chain.file()
    item = chain.on_agenda(form)

    decision = services.record_decision(user=chain.member, item_id=item.pk, draft=prevent_draft())

    assert decision.eviction_suspended
    assert decision.suspension_step is None
    assert not CourtStep.objects.exists()
    assert EvictionTrack.objects.get(pk=form.track_id).stage == CourtStage.NONE


def test_an_incomplete_plan_is_refused_and_nothing_changes(chain: Chain) -> None:
    form = chain.file()
    judged(chain, form.track)
    item = chain.on_agenda(form)

    with pytest.raises(InvalidTransition, match="Noem de casemanager"):
        services.record_decision(user=chain.member, item_id=item.pk, draft=prevent_draft(case_manager=""))

    assert not Decision.objects.exists()
    assert EvictionTrack.objects.get(pk=form.track_id).stage == CourtStage.JUDGED
    form.refresh_from_db()
    assert form.status == FormStatus.ON_AGENDA


def test_a_decision_is_final_and_a_broken_plan_comes_back_for_a_follow_up(chain: Chain) -> None:
    form = chain.file()
    item = chain.on_agenda(form)
    first = services.record_decision(user=chain.member, item_id=item.pk, draft=prevent_draft())
    with pytest.raises(InvalidTransition, match="een besluit is definitief"):
        services.record_decision(user=chain.member, item_id=item.pk, draft=evict_draft())

    later = chain.meeting(timezone.localdate() + dt.timedelta(days=1))
    again = services.put_on_agenda(
        user=chain.member, meeting_id=later.pk, form_id=form.pk, reason=AgendaReason.CONDITIONS_BROKEN
    )
    form.refresh_from_db()
    assert form.status == FormStatus.ON_AGENDA
    with time_travel(days=1):
        follow_up = services.record_decision(user=chain.member, item_id=again.pk, draft=evict_draft())
    assert follow_up.follows == first
    assert follow_up.scenario == Scenario.EVICT


def test_only_members_of_the_meetings_regieteam_decide(chain: Chain) -> None:
    item = chain.on_agenda(chain.file())
    other = make_chain("0642", "Zwijndrecht")
    for user in (other.member, chain.case_worker):
        with pytest.raises(NotPermitted):
            services.record_decision(user=user, item_id=item.pk, draft=prevent_draft())


# --- scenario 2 ------------------------------------------------------------------------------


def test_scenario_two_records_where_a_family_will_live(chain: Chain) -> None:
    form = chain.file(has_minors=True)
    item = chain.on_agenda(form)
    with pytest.raises(InvalidTransition, match="nooit op straat"):
        services.record_decision(
            user=chain.member, item_id=item.pk, draft=evict_draft(youth_protection_involved=True)
        )
    with pytest.raises(InvalidTransition, match="jeugdbescherming"):
        services.record_decision(
            user=chain.member,
            item_id=item.pk,
            draft=evict_draft(housing_arrangement=HousingArrangement.CRISIS_PLACE),
        )

    services.record_decision(
        user=chain.member,
        item_id=item.pk,
        draft=evict_draft(
            housing_arrangement=HousingArrangement.CRISIS_PLACE,
            housing_note="Crisisopvang Leger des Heils",
            youth_protection_involved=True,
            care_desk_referral=True,
        ),
    )

    track = EvictionTrack.objects.get(pk=form.track_id)
    assert track.housing_arrangement == HousingArrangement.CRISIS_PLACE
    assert track.housing_note == "Crisisopvang Leger des Heils"
    assert AuditEvent.objects.filter(subject_type="eviction_track", actor=chain.member).exists()


def test_the_track_marked_vulnerable_counts_even_when_the_form_did_not_say_so(chain: Chain) -> None:
    form = chain.file()
    EvictionTrack.objects.filter(pk=form.track_id).update(is_vulnerable=True)
    item = chain.on_agenda(form)
    with pytest.raises(InvalidTransition, match="nooit op straat"):
        services.record_decision(user=chain.member, item_id=item.pk, draft=evict_draft())


class time_travel:  # noqa: N801 - reads as a sentence in the test
    """Move the product's "today" ``days`` ahead (the follow-up meeting lies in the future)."""

    def __init__(self, *, days: int) -> None:
        import time_machine  # noqa: PLC0415

        self._travel = time_machine.travel(timezone.now() + dt.timedelta(days=days), tick=True)

    def __enter__(self) -> None:
        self._travel.start()

    def __exit__(self, *exc: object) -> None:
        self._travel.stop()
