"""Where each simulated case stands today: state, team, case worker, dates and contact attempts.

Cases of earlier months are mostly closed with their outcome; some are still being worked or were
handed over warmly to debt services or the neighbourhood team; a few rent cases with a summons or
judgment went to the Meldpunt Zorg en Overlast or the Regieteam. The current month's cases are
mostly queued or in progress, some still await triage.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from eropaf.accounts.roles import Role
from eropaf.cases.workflow import CaseState
from eropaf.core.periods import shift_months
from eropaf.core.vocabularies import ContactKind, Outcome, PartnerType
from eropaf.demo.attempts import SATURDAY, AttemptPlan, contact_kinds, schedule
from eropaf.demo.population import SimCase
from eropaf.demo.region import (
    CARE_DESK_DORDRECHT,
    COORDINATION_DORDRECHT,
    DORDRECHT,
    HANDOVER_TEAMS,
    early_detection_team,
    team_members,
)

DUE_AFTER_DAYS = 28
ESCALATION_OUTCOMES = frozenset(
    {Outcome.NO_CONTACT, Outcome.NO_RESPONSE_AFTER_CONTACT, Outcome.NOT_PICKED_UP_REPEAT}
)


@dataclass
class CasePlan:
    sim: SimCase
    team_name: str
    state: CaseState
    opened_on: dt.date
    outcome: Outcome | None = None
    closed_on: dt.date | None = None
    assignee: str | None = None
    attempts: list[AttemptPlan] = field(default_factory=list)
    attempts_by: str | None = None

    @property
    def due_on(self) -> dt.date:
        return self.opened_on + dt.timedelta(days=DUE_AFTER_DAYS)


def first_member(team_name: str, role: Role) -> str | None:
    members = team_members(team_name, role)
    return members[0] if members else None


class CasePlanner:
    def __init__(
        self,
        *,
        rng: random.Random,
        today: dt.date,
        month_count: int,
        delivery_days: dict[tuple[str, int], dt.date],
        zone: ZoneInfo,
    ) -> None:
        self.rng = rng
        self.today = today
        self.current = month_count - 1
        self.delivery_days = delivery_days
        self.zone = zone

    def opened_on(self, sim: SimCase) -> dt.date:
        """Matching runs in the first days after the period; this month's cases as signals arrive."""
        if sim.month == self.current:
            latest = max(self.delivery_days[(signal.partner_code, sim.month)] for signal in sim.signals)
            day = latest + dt.timedelta(days=self.rng.randint(0, 2))
        else:
            day = shift_months(sim.period, 1) + dt.timedelta(days=self.rng.randint(0, 2))
        while day.weekday() >= SATURDAY:
            day += dt.timedelta(days=1)
        return min(day, self.today)

    def plan(self, sim: SimCase) -> CasePlan:
        household = sim.household
        early_team = early_detection_team(household.municipality_code, household.address.district_code)
        plan = CasePlan(sim=sim, team_name=early_team, state=CaseState.NEW, opened_on=self.opened_on(sim))
        worker = first_member(early_team, Role.CASE_WORKER)
        plan.attempts_by = worker
        if self._escalate(plan):
            return plan
        fate = sim.fate
        if fate.is_not_picked_up:
            # Declined at triage: the BRP check, the known-client check or the repeat rule.
            plan.state, plan.outcome = CaseState.CLOSED, fate
            plan.closed_on = min(plan.opened_on + dt.timedelta(days=self.rng.randint(0, 2)), self.today)
            return plan
        plan.state = self._state(plan)
        if plan.state == CaseState.CLOSED:
            plan.outcome = fate
            room = (self.today - plan.opened_on).days
            plan.closed_on = plan.opened_on + dt.timedelta(days=self.rng.randint(min(5, room), min(35, room)))
        elif plan.state == CaseState.HANDED_OVER:
            financial, other = HANDOVER_TEAMS[household.municipality_code]
            plan.team_name = financial if fate == Outcome.FOLLOW_UP_FINANCIAL else other
        plan.assignee = self._assignee(plan, worker)
        plan.attempts = self._attempts(plan)
        return plan

    def _state(self, plan: CasePlan) -> CaseState:
        rng = self.rng
        age = self.current - plan.sim.month
        if age == 0:
            if plan.opened_on >= self.today:
                return CaseState.NEW if rng.random() < 0.3 else CaseState.QUEUED
            return rng.choices(
                (CaseState.NEW, CaseState.QUEUED, CaseState.IN_PROGRESS), weights=(0.12, 0.5, 0.38)
            )[0]
        elapsed = (self.today - plan.opened_on).days
        if age == 1:
            closed_chance = min(0.85, 0.1 + 0.8 * elapsed / DUE_AFTER_DAYS) if elapsed >= 5 else 0.0
        else:
            closed_chance = 0.82 if age == 2 else 0.93
        if rng.random() < closed_chance:
            return CaseState.CLOSED
        handover = plan.sim.fate.is_help_accepted and plan.sim.fate != Outcome.ADVICE_OR_QUICK_FIX
        if handover and elapsed >= 7 and rng.random() < 0.6:
            return CaseState.HANDED_OVER
        if age == 1 and rng.random() < 0.15:
            return CaseState.QUEUED
        return CaseState.IN_PROGRESS

    def _escalate(self, plan: CasePlan) -> bool:
        """Route a Dordrecht rent case with court steps to the Meldpunt or the Regieteam."""
        sim = plan.sim
        age = self.current - sim.month
        if sim.household.municipality_code != DORDRECHT or not 0 < age <= 3:
            return False
        rent = [signal for signal in sim.signals if signal.signal_type == PartnerType.RENT]
        if any(s.judgment_date or s.eviction_date for s in rent) and age <= 2:
            # Families with minor children always go to the Regieteam before a judgment is executed.
            if sim.household.has_minors or self.rng.random() < 0.5:
                plan.team_name = COORDINATION_DORDRECHT
        elif (
            any(s.summons_date for s in rent) and sim.fate in ESCALATION_OUTCOMES and self.rng.random() < 0.5
        ):
            plan.team_name = CARE_DESK_DORDRECHT  # track 2: summons sent and no help taken up
        if plan.team_name not in (COORDINATION_DORDRECHT, CARE_DESK_DORDRECHT):
            return False
        plan.state = CaseState.HANDED_OVER
        plan.assignee = first_member(plan.team_name, Role.ESCALATION_MEMBER)
        steps = contact_kinds(
            self.rng,
            reached=False,
            help_accepted=False,
            has_phone=any(person.phone for person in sim.household.adults),
            has_email=any(person.email for person in sim.household.adults),
            referral=False,
        )
        plan.attempts = schedule(
            self.rng, steps, start=plan.opened_on, end=self.today - dt.timedelta(days=1), zone=self.zone
        )
        return True

    def _assignee(self, plan: CasePlan, worker: str | None) -> str | None:
        if plan.state == CaseState.NEW:
            return None
        if plan.state == CaseState.HANDED_OVER:
            for role in (Role.DEBT_SERVICES_WORKER, Role.NEIGHBOURHOOD_TEAM_WORKER):
                member = first_member(plan.team_name, role)
                if member:
                    return member
            return None
        if plan.state == CaseState.QUEUED and self.rng.random() < 0.3:
            return None  # waiting in the team's queue for the team lead to assign
        return worker

    def _attempts(self, plan: CasePlan) -> list[AttemptPlan]:
        rng, fate = self.rng, plan.sim.fate
        adults = plan.sim.household.adults
        has_phone = any(person.phone for person in adults)
        has_email = any(person.email for person in adults)
        yesterday = self.today - dt.timedelta(days=1)
        if plan.state == CaseState.NEW:
            return []
        if plan.state == CaseState.QUEUED:
            if rng.random() < 0.3:
                letter = [(ContactKind.LETTER, False)]
                return schedule(rng, letter, start=plan.opened_on, end=yesterday, zone=self.zone)
            return []
        reached = fate.is_reached
        if plan.state == CaseState.IN_PROGRESS:
            reached = reached and rng.random() < 0.4  # contact may not have been made yet
        steps = contact_kinds(
            rng,
            reached=reached,
            help_accepted=fate.is_help_accepted,
            has_phone=has_phone,
            has_email=has_email,
            referral=plan.state == CaseState.CLOSED and fate == Outcome.REFERRAL_WITHOUT_RESIDENT,
        )
        if plan.state == CaseState.IN_PROGRESS and not reached:
            steps = steps[: rng.randint(1, max(1, len(steps)))]
        end = min(plan.closed_on or yesterday, yesterday)
        return schedule(rng, steps, start=plan.opened_on, end=end, zone=self.zone)
