"""The delivery calendar (partners × periods) and the missing-delivery flag for the team lead."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Max

from eropaf.accounts.roles import REPORTING_ROLES
from eropaf.accounts.selectors import AnyUser, municipalities_of
from eropaf.core.periods import period_of, shift_months
from eropaf.intake.calendar import CalendarEntry, PeriodRange, calendar_entries, cutoff_date, received_on
from eropaf.intake.quality.figures import DeliveryFacts, PartnerPeriod, counted_deliveries, delivery_facts
from eropaf.organisations.models import Municipality, Partner


@dataclass(frozen=True)
class CalendarRow:
    """One line of the calendar: one partner as seen by one municipality."""

    partner: Partner
    municipality: Municipality
    entries: list[CalendarEntry]


@dataclass(frozen=True)
class DeliveryCalendar:
    periods: list[dt.date]
    rows: list[CalendarRow]


@dataclass(frozen=True)
class MissingDelivery:
    """A partner that delivered last period and not (yet) this one, while the cut-off has passed."""

    municipality: Municipality
    partner: Partner
    period: dt.date
    deadline: dt.date
    last_received_on: dt.date


def _first_received(facts: Mapping[PartnerPeriod, DeliveryFacts], partner_id: int) -> dict[dt.date, dt.date]:
    return {
        period: item.first_received_on
        for (pid, period), item in facts.items()
        if pid == partner_id and item.first_received_on is not None
    }


def calendar_of(
    *,
    pairs: Sequence[tuple[Partner, Municipality]],
    period_range: PeriodRange,
    today: dt.date,
    facts: Mapping[PartnerPeriod, DeliveryFacts] | None = None,
) -> DeliveryCalendar:
    """A row per (partner, municipality): each judged by that municipality's cut-off day.

    ``facts`` must cover the period before the range too; fetched when not given.
    """
    periods = period_range.periods
    if facts is None:
        facts = delivery_facts(
            partner_ids=sorted({partner.pk for partner, _ in pairs}),
            periods=[period_range.previous, *periods],
        )
    return DeliveryCalendar(
        periods=periods,
        rows=[
            CalendarRow(
                partner=partner,
                municipality=municipality,
                entries=calendar_entries(
                    periods=periods,
                    cutoff_day=municipality.delivery_cutoff_day,
                    first_received=_first_received(facts, partner.pk),
                    today=today,
                ),
            )
            for partner, municipality in pairs
        ],
    )


def missing_deliveries(*, municipality: Municipality, today: dt.date) -> list[MissingDelivery]:
    """Partners of ``municipality`` that delivered last period but not (yet) this one, once this
    period's cut-off day has passed; by partner name."""
    period = period_of(today)
    deadline = cutoff_date(period, municipality.delivery_cutoff_day)
    if today <= deadline:
        return []
    delivered = counted_deliveries()
    partners = list(
        municipality.partners.filter(
            pk__in=delivered.filter(period=shift_months(period, -1)).values("partner_id")
        )
        .exclude(pk__in=delivered.filter(period=period).values("partner_id"))
        .order_by("name")
    )
    last_received_at = dict(
        delivered.filter(partner__in=partners)
        .order_by()
        .values("partner_id")
        .annotate(last=Max("received_at"))
        .values_list("partner_id", "last")
    )
    return [
        MissingDelivery(
            municipality=municipality,
            partner=partner,
            period=period,
            deadline=deadline,
            last_received_on=received_on(last_received_at[partner.pk]),
        )
        for partner in partners
    ]


def missing_deliveries_for_user(*, user: AnyUser, today: dt.date) -> list[MissingDelivery]:
    """The missing deliveries of every municipality the user reads reports of (team lead, policy
    officer); empty for everyone else."""
    return [
        item
        for municipality in municipalities_of(user, roles=REPORTING_ROLES).order_by("name")
        for item in missing_deliveries(municipality=municipality, today=today)
    ]
