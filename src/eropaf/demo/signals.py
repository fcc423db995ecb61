"""Deliveries (one per partner per month, before the cut-off day) and the signal rows they hold."""

import datetime as dt
import hashlib
import random
from collections import defaultdict
from zoneinfo import ZoneInfo

from eropaf.cases.workflow import CaseState
from eropaf.core.periods import format_period
from eropaf.core.vocabularies import DeliveryChannel, PartnerType, SignalStatus
from eropaf.demo.cases import CasePlan
from eropaf.demo.region import DELIVERY_CUTOFF_DAY, PARTNERS
from eropaf.demo.structure import BATCH_SIZE, RegionRows
from eropaf.intake.models import Delivery, DeliveryStatus, Signal

SIGNAL_PARTNERS = tuple(spec.code for spec in PARTNERS if spec.partner_type != PartnerType.BAILIFF)


def delivery_moments(
    rng: random.Random, *, periods: list[dt.date], today: dt.date, zone: ZoneInfo
) -> dict[tuple[str, int], dt.datetime]:
    """When each partner delivered each month: a working-hours moment before the cut-off day.

    This month's deliveries lie before today, so nothing is received in the future.
    """
    moments: dict[tuple[str, int], dt.datetime] = {}
    current = len(periods) - 1
    for month, period in enumerate(periods):
        for code in SIGNAL_PARTNERS:
            last_day = DELIVERY_CUTOFF_DAY - 1
            if month == current:
                last_day = min(last_day, today.day - 1)
            if last_day < 1:
                moment = dt.datetime.combine(period, dt.time(0, 30), tzinfo=zone)
            else:
                day = period.replace(day=rng.randint(min(3, last_day), last_day))
                moment = dt.datetime.combine(
                    day, dt.time(rng.randint(7, 17), rng.randint(0, 59)), tzinfo=zone
                )
            moments[(code, month)] = moment
    return moments


def signal_status(plan: CasePlan) -> SignalStatus:
    if plan.state == CaseState.NEW:
        return SignalStatus.NOT_YET_PICKED_UP
    if plan.outcome is not None and plan.outcome.is_not_picked_up:
        return SignalStatus(plan.outcome.value)
    return SignalStatus.PICKED_UP


def create_deliveries_and_signals(
    plans: list[CasePlan],
    *,
    region: RegionRows,
    periods: list[dt.date],
    moments: dict[tuple[str, int], dt.datetime],
) -> list[list[Signal]]:
    """Bulk-create the deliveries and signals; returns each plan's signals in plan order."""
    per_delivery: dict[tuple[str, int], list[tuple[int, int]]] = defaultdict(list)
    for plan_index, plan in enumerate(plans):
        for signal_index, facts in enumerate(plan.sim.signals):
            per_delivery[(facts.partner_code, plan.sim.month)].append((plan_index, signal_index))

    keys = sorted(per_delivery, key=lambda key: (key[1], key[0]))
    deliveries: list[Delivery] = []
    for code, month in keys:
        rows = per_delivery[(code, month)]
        content = "\n".join(
            f"{plans[p].sim.signals[s].reference};{plans[p].sim.signals[s].amount_cents}" for p, s in rows
        )
        deliveries.append(
            Delivery(
                partner=region.partners[code],
                period=periods[month],
                channel=DeliveryChannel.DEMO,
                status=DeliveryStatus.PROCESSED,
                file_name=f"{code}-{format_period(periods[month])}.csv",
                content_sha256=hashlib.sha256(content.encode()).hexdigest(),
                received_at=moments[(code, month)],
                received_count=len(rows),
                accepted_count=len(rows),
            )
        )
    Delivery.objects.bulk_create(deliveries, batch_size=BATCH_SIZE)

    signals: list[list[Signal | None]] = [[None] * len(plan.sim.signals) for plan in plans]
    flat: list[Signal] = []
    for key, delivery in zip(keys, deliveries, strict=True):
        for row_number, (plan_index, signal_index) in enumerate(per_delivery[key], start=2):
            plan = plans[plan_index]
            signal = _signal_row(plan, signal_index, delivery=delivery, region=region, row_number=row_number)
            signals[plan_index][signal_index] = signal
            flat.append(signal)
    Signal.objects.bulk_create(flat, batch_size=BATCH_SIZE)
    return [[signal for signal in row if signal is not None] for row in signals]


def _signal_row(
    plan: CasePlan, index: int, *, delivery: Delivery, region: RegionRows, row_number: int
) -> Signal:
    facts = plan.sim.signals[index]
    household = plan.sim.household
    person, address = facts.person, household.address
    return Signal(
        delivery=delivery,
        partner=delivery.partner,
        municipality=region.municipalities[household.municipality_code],
        period=plan.sim.period,
        row_number=row_number,
        status=signal_status(plan),
        reference=facts.reference,
        signal_type=facts.signal_type,
        arrear_start_date=facts.arrear_start_date,
        signal_date=delivery.received_at.date(),
        amount_cents=facts.amount_cents,
        instalment_cents=facts.instalment_cents,
        months_in_arrears=facts.months_in_arrears,
        is_crisis=facts.is_crisis,
        is_end_of_supply=facts.is_end_of_supply,
        is_warm_handover=facts.is_warm_handover,
        bsn=person.bsn,
        initials=person.initials,
        first_names=person.first_names,
        surname_prefix=person.surname_prefix,
        surname=person.surname,
        birth_date=person.birth_date,
        street=address.street,
        house_number=address.house_number,
        house_letter=address.house_letter,
        house_number_addition=address.house_number_addition,
        postcode=address.postcode,
        city=address.city,
        address_key=address.key,
        phone=person.phone,
        email=person.email,
        customer_number=facts.customer_number,
        summons_date=facts.summons_date,
        judgment_date=facts.judgment_date,
        eviction_date=facts.eviction_date,
    )
