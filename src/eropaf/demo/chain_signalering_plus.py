"""Demo data for Signalering+: per early-detection team and housing corporation, the monthly
consultations of the last three months with their agendas and decisions, the households admitted
(their cases in the Signalering+ work queue) and the extra actions agreed, some done, some overdue.

The proposal is the product's own (``signalering_plus.candidates``); the records are written in bulk,
as the rest of the demo is, without an audit trail of demo users' actions.
"""

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from eropaf.accounts.models import RoleAssignment, Team
from eropaf.accounts.roles import Role, TeamKind
from eropaf.cases.casework import WORKER_ROLES
from eropaf.cases.models import Case, QueueProtocol
from eropaf.core.periods import period_of, shift_months
from eropaf.core.vocabularies import PartnerType
from eropaf.organisations.models import Municipality, Partner
from eropaf.signalering_plus import rules
from eropaf.signalering_plus.candidates import Candidate, find_candidates
from eropaf.signalering_plus.models import Admission, AgendaItem, Consultation, ExtraAction
from eropaf.signalering_plus.rules import ActionKind, AgendaKind, DecisionKind

MONTHS = 3
CONSULTATION_DAY = 12
D = DecisionKind
# (decision, weight) for a proposed household and for one in Signalering+.
CANDIDATE_DECISIONS = ((D.ADMIT, 50), (D.CONTINUE, 25), (D.STOP, 15), (D.ESCALATE_CARE_DESK, 10))
ADMITTED_DECISIONS = (
    (D.CONTINUE, 55),
    (D.DONE_CONTACT, 15),
    (D.DONE_HELP, 15),
    (D.ESCALATE_COORDINATION, 10),
    (D.STOP, 5),
)
NOTES = {
    D.STOP: "Huurder heeft zelf een betalingsregeling met de corporatie getroffen.",
    D.ESCALATE_CARE_DESK: "Zorgen over de woonsituatie; bespreken met het Meldpunt Zorg en Overlast.",
    D.ESCALATE_COORDINATION: "Dagvaarding in voorbereiding; inbrengen in het Regieteam.",
    D.DONE_HELP: "Aangemeld bij schuldhulpverlening, incasso gepauzeerd.",
}
PARTIES = ("Woonconsulent van de corporatie", "Wijkteam", "GGD bemoeizorg", "Maatschappelijk werk")


def _pick(rng: random.Random, weighted: tuple[tuple[DecisionKind, int], ...]) -> DecisionKind:
    return rng.choices([d for d, _w in weighted], weights=[w for _d, w in weighted])[0]


def _contact_person(corporation: Partner) -> str:
    assignment = (
        RoleAssignment.objects.filter(partner=corporation, role=Role.PARTNER_USER)
        .select_related("user")
        .first()
    )
    return assignment.user.get_full_name() if assignment else "Contactpersoon huurincasso"


def _actions(
    rng: random.Random, admission: Admission, workers: list[int], corporation: Partner, today: dt.date
) -> list[ExtraAction]:
    actions = []
    for kind in rng.sample(list(ActionKind), k=rng.randint(1, 3)):
        due_on = admission.admitted_on + dt.timedelta(days=rng.randint(10, 35))
        done_on = None
        if due_on <= today and rng.random() < 0.65:
            # Due at least ten days after the admission, so done on or after the day it was agreed.
            done_on = min(today, due_on - dt.timedelta(days=rng.randint(0, 7)))
        owner = rng.choice(workers) if workers and rng.random() < 0.6 else None
        party = "" if owner else rng.choice(PARTIES).replace("de corporatie", corporation.name)
        actions.append(
            ExtraAction(
                admission=admission,
                kind=kind,
                owner_id=owner,
                owner_party=party,
                agreed_on=admission.admitted_on,
                due_on=due_on,
                done_on=done_on,
            )
        )
    return actions


def _seed_pair(
    rng: random.Random,
    *,
    team: Team,
    corporation: Partner,
    candidates: list[Candidate],
    lead_id: int | None,
    workers: list[int],
    today: dt.date,
    counts: dict[str, int],
) -> None:
    running: list[Admission] = []
    contact_person = _contact_person(corporation)
    batches = [candidates[index::MONTHS] for index in range(MONTHS)]
    carried: list[Candidate] = []
    for months_ago, fresh in zip(range(MONTHS - 1, -1, -1), batches, strict=True):
        # Those the last consultation decided to discuss again come back with the new proposals.
        batch, carried = carried + fresh, []
        held_on = shift_months(period_of(today), -months_ago).replace(day=CONSULTATION_DAY)
        consultation = Consultation.objects.create(
            municipality=team.municipality,
            team=team,
            corporation=corporation,
            held_on=held_on,
            contact_person=contact_person,
            planned_by_id=lead_id,
        )
        counts["consultations"] += 1
        decided = held_on <= today
        now = timezone.now()
        items: list[AgendaItem] = []
        for admission in list(running):
            decision = _pick(rng, ADMITTED_DECISIONS) if decided and rng.random() < 0.9 else None
            items.append(
                AgendaItem(
                    consultation=consultation,
                    case_id=admission.case_id,
                    kind=AgendaKind.ADMITTED,
                    admission=admission,
                    decision=decision or "",
                    decision_note=NOTES.get(decision, "") if decision else "",
                    decided_by_id=lead_id if decision else None,
                    decided_at=now if decision else None,
                )
            )
            if decision in rules.ENDS_ADMISSION:
                admission.ended_on, admission.end_decision = held_on, decision
                admission.save(update_fields=["ended_on", "end_decision", "updated_at"])
                running.remove(admission)
        for candidate in batch:
            decision = _pick(rng, CANDIDATE_DECISIONS) if decided else None
            if decision is D.CONTINUE:
                carried.append(candidate)
            admitted: Admission | None = None
            if decision is D.ADMIT:
                admitted = Admission.objects.create(
                    municipality=team.municipality,
                    address_key=candidate.address_key,
                    team=team,
                    corporation=corporation,
                    case_id=candidate.case_id,
                    consultation=consultation,
                    admitted_on=held_on,
                )
                running.append(admitted)
                counts["admissions"] += 1
                actions = _actions(rng, admitted, workers, corporation, today)
                ExtraAction.objects.bulk_create(actions)
                counts["extra_actions"] += len(actions)
            items.append(
                AgendaItem(
                    consultation=consultation,
                    case_id=candidate.case_id,
                    kind=AgendaKind.CANDIDATE,
                    reason=candidate.reason,
                    admission=admitted,
                    decision=decision or "",
                    decision_note=NOTES.get(decision, "") if decision else "",
                    decided_by_id=lead_id if decision else None,
                    decided_at=now if decision else None,
                )
            )
        AgendaItem.objects.bulk_create(items)
        counts["agenda_items"] += len(items)


def seed(*, municipality: Municipality, today: dt.date, rng: random.Random) -> dict[str, int]:
    """Signalering+ for the municipality's early-detection teams; returns the counts made."""
    counts: dict[str, int] = defaultdict(int)
    teams = list(
        Team.objects.filter(municipality=municipality, kind=TeamKind.EARLY_DETECTION).order_by("name")
    )
    corporations = {
        partner.pk: partner
        for partner in municipality.partners.filter(partner_type=PartnerType.RENT, is_private_landlord=False)
    }
    with transaction.atomic():
        for team in teams:
            people = RoleAssignment.objects.filter(team=team, role__in=WORKER_ROLES, user__is_active=True)
            leads = sorted(people.filter(role=Role.TEAM_LEAD).values_list("user_id", flat=True))
            workers = sorted(set(people.values_list("user_id", flat=True)))
            per_corporation: dict[int, list[Candidate]] = defaultdict(list)
            for candidate in find_candidates(team_ids=[team.pk]):
                if candidate.corporation_id in corporations:
                    per_corporation[candidate.corporation_id].append(candidate)
            for corporation_id, candidates in sorted(per_corporation.items()):
                _seed_pair(
                    rng,
                    team=team,
                    corporation=corporations[corporation_id],
                    candidates=sorted(candidates, key=lambda candidate: candidate.case_id),
                    lead_id=leads[0] if leads else None,
                    workers=workers,
                    today=today,
                    counts=counts,
                )
        admitted = Admission.objects.filter(municipality=municipality)
        if admitted.exists():
            QueueProtocol.objects.update_or_create(
                municipality=municipality, queue=rules.QUEUE, defaults={"protocol": rules.PROTOCOL}
            )
            Case.objects.filter(pk__in=admitted.values("case_id")).update(queue=rules.QUEUE)
    return dict(counts)
