"""Bulk-create the cases, their signal links and their contact attempts from the case plans."""

from eropaf.accounts.models import User
from eropaf.cases.models import Case, CaseSignal, ContactAttempt
from eropaf.demo.cases import CasePlan
from eropaf.demo.structure import BATCH_SIZE, RegionRows
from eropaf.intake.models import Signal


def create_cases(plans: list[CasePlan], *, region: RegionRows, users: dict[str, User]) -> list[Case]:
    """The cases as the story has them; their classes come from the real matching run afterwards."""
    cases = [
        Case(
            municipality=region.municipalities[plan.sim.household.municipality_code],
            period=plan.sim.period,
            address_key=plan.sim.household.address.key,
            district=region.districts[
                (plan.sim.household.municipality_code, plan.sim.household.address.district_code)
            ],
            state=plan.state,
            outcome=plan.outcome or "",
            team=region.teams[plan.team_name],
            assigned_to=users[plan.assignee] if plan.assignee else None,
            opened_on=plan.opened_on,
            due_on=plan.due_on,
            closed_on=plan.closed_on,
            total_amount_cents=sum(signal.amount_cents for signal in plan.sim.signals),
        )
        for plan in plans
    ]
    return Case.objects.bulk_create(cases, batch_size=BATCH_SIZE)


def create_case_signals(cases: list[Case], signals: list[list[Signal]]) -> int:
    links = [
        CaseSignal(case=case, signal=signal)
        for case, rows in zip(cases, signals, strict=True)
        for signal in rows
    ]
    CaseSignal.objects.bulk_create(links, batch_size=BATCH_SIZE)
    return len(links)


def create_attempts(plans: list[CasePlan], cases: list[Case], *, users: dict[str, User]) -> int:
    attempts = [
        ContactAttempt(
            case=case,
            kind=attempt.kind,
            at=attempt.at,
            day_part=attempt.day_part,
            outside_office_hours=attempt.outside_office_hours,
            reached=attempt.reached,
            recorded_by=users[plan.attempts_by] if plan.attempts_by else None,
        )
        for plan, case in zip(plans, cases, strict=True)
        for attempt in plan.attempts
    ]
    ContactAttempt.objects.bulk_create(attempts, batch_size=BATCH_SIZE)
    return len(attempts)
