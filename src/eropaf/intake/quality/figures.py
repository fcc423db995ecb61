"""Data-quality figures of partners' deliveries: counted in the database, per partner and period.

A refused delivery (a file that could not be read) is no delivery; one with zero rows is.
"""

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet, Sum

from eropaf.intake.calendar import received_on
from eropaf.intake.models import Delivery, DeliveryStatus, Signal
from eropaf.organisations.models import Municipality, Partner

OLD_ARREAR_DAYS = 100
"""The covenant has signals at 30–100 days late; an older arrear at the signal date came late."""

PartnerPeriod = tuple[int, dt.date]


@dataclass(frozen=True)
class Share:
    """``part`` of ``whole``, shown with both counts so that small numbers look small."""

    part: int
    whole: int

    @property
    def percent(self) -> float | None:
        return None if self.whole == 0 else 100 * self.part / self.whole


@dataclass(frozen=True)
class DeliveryFacts:
    """The deliveries of one partner for one period (or a range), summed."""

    deliveries: int = 0
    first_received_on: dt.date | None = None
    received: int = 0
    accepted: int = 0
    rejected: int = 0
    duplicate: int = 0


@dataclass(frozen=True)
class SignalFacts:
    """The accepted signals of one partner for one period (or a range), counted by what they lack."""

    signals: int = 0
    without_phone: int = 0
    without_email: int = 0
    without_contact: int = 0
    old_arrears: int = 0


@dataclass(frozen=True)
class QualityFigures:
    """Data quality of one partner in one period, or over a range when ``period`` is None.

    Rejected and duplicate shares are over all rows the partner delivered; the signal shares are
    over the accepted signals in scope (one municipality's, or all of the partner's).
    """

    period: dt.date | None
    delivery: DeliveryFacts
    signal: SignalFacts

    @property
    def is_empty(self) -> bool:
        return self.delivery.deliveries == 0

    @property
    def rejected_share(self) -> Share:
        return Share(self.delivery.rejected, self.delivery.received)

    @property
    def duplicate_share(self) -> Share:
        return Share(self.delivery.duplicate, self.delivery.received)

    @property
    def without_phone_share(self) -> Share:
        return Share(self.signal.without_phone, self.signal.signals)

    @property
    def without_email_share(self) -> Share:
        return Share(self.signal.without_email, self.signal.signals)

    @property
    def without_contact_share(self) -> Share:
        return Share(self.signal.without_contact, self.signal.signals)

    @property
    def old_arrear_share(self) -> Share:
        return Share(self.signal.old_arrears, self.signal.signals)


@dataclass(frozen=True)
class PartnerQuality:
    partner: Partner
    months: list[QualityFigures]
    total: QualityFigures


def counted_deliveries() -> QuerySet[Delivery]:
    return Delivery.objects.exclude(status=DeliveryStatus.REFUSED)


def delivery_facts(
    *, partner_ids: Sequence[int], periods: Sequence[dt.date]
) -> dict[PartnerPeriod, DeliveryFacts]:
    """Per partner and period with at least one delivery: the deliveries summed, in one query."""
    rows = (
        counted_deliveries()
        .filter(partner_id__in=partner_ids, period__in=periods)
        .order_by()
        .values("partner_id", "period")
        .annotate(
            deliveries=Count("id"),
            first_received_at=Min("received_at"),
            received=Sum("received_count"),
            accepted=Sum("accepted_count"),
            rejected=Sum("rejected_count"),
            duplicate=Sum("duplicate_count"),
        )
    )
    return {
        (row["partner_id"], row["period"]): DeliveryFacts(
            deliveries=row["deliveries"],
            first_received_on=received_on(row["first_received_at"]),
            received=row["received"] or 0,
            accepted=row["accepted"] or 0,
            rejected=row["rejected"] or 0,
            duplicate=row["duplicate"] or 0,
        )
        for row in rows
    }


def signal_counts() -> dict[str, Count]:
    """The aggregates behind ``SignalFacts``, to annotate any grouping of signals with."""
    no_phone, no_email = Q(phone=""), Q(email="")
    old = Q(arrear_start_date__lt=F("signal_date") - dt.timedelta(days=OLD_ARREAR_DAYS))
    return {
        "signals": Count("id"),
        "without_phone": Count("id", filter=no_phone),
        "without_email": Count("id", filter=no_email),
        "without_contact": Count("id", filter=no_phone & no_email),
        "old_arrears": Count("id", filter=old),
    }


def signal_facts(
    *, partner_ids: Sequence[int], periods: Sequence[dt.date], municipality: Municipality | None
) -> dict[PartnerPeriod, SignalFacts]:
    """Per partner and period: accepted signals (of ``municipality`` when given) and what they lack."""
    signals = Signal.objects.filter(partner_id__in=partner_ids, period__in=periods)
    if municipality is not None:
        signals = signals.filter(municipality=municipality)
    rows: Iterable[Mapping[str, Any]] = (
        signals.order_by().values("partner_id", "period").annotate(**signal_counts())
    )
    return {
        (row["partner_id"], row["period"]): SignalFacts(
            signals=row["signals"],
            without_phone=row["without_phone"],
            without_email=row["without_email"],
            without_contact=row["without_contact"],
            old_arrears=row["old_arrears"],
        )
        for row in rows
    }


def _sum_deliveries(items: Sequence[DeliveryFacts]) -> DeliveryFacts:
    firsts = [item.first_received_on for item in items if item.first_received_on is not None]
    return DeliveryFacts(
        deliveries=sum(item.deliveries for item in items),
        first_received_on=min(firsts, default=None),
        received=sum(item.received for item in items),
        accepted=sum(item.accepted for item in items),
        rejected=sum(item.rejected for item in items),
        duplicate=sum(item.duplicate for item in items),
    )


def _sum_signals(items: Sequence[SignalFacts]) -> SignalFacts:
    return SignalFacts(
        signals=sum(item.signals for item in items),
        without_phone=sum(item.without_phone for item in items),
        without_email=sum(item.without_email for item in items),
        without_contact=sum(item.without_contact for item in items),
        old_arrears=sum(item.old_arrears for item in items),
    )


def partner_quality(
    *,
    partners: Sequence[Partner],
    periods: Sequence[dt.date],
    municipality: Municipality | None,
    deliveries: Mapping[PartnerPeriod, DeliveryFacts] | None = None,
    signals: Mapping[PartnerPeriod, SignalFacts] | None = None,
) -> list[PartnerQuality]:
    """The figures of each partner per period and over all ``periods``, in two queries (none for
    the facts given: the dashboard passes the signal facts it counted ahead)."""
    ids = [partner.pk for partner in partners]
    if deliveries is None:
        deliveries = delivery_facts(partner_ids=ids, periods=periods)
    if signals is None:
        signals = signal_facts(partner_ids=ids, periods=periods, municipality=municipality)
    result: list[PartnerQuality] = []
    for partner in partners:
        months = [
            QualityFigures(
                period=period,
                delivery=deliveries.get((partner.pk, period), DeliveryFacts()),
                signal=signals.get((partner.pk, period), SignalFacts()),
            )
            for period in periods
        ]
        total = QualityFigures(
            period=None,
            delivery=_sum_deliveries([month.delivery for month in months]),
            signal=_sum_signals([month.signal for month in months]),
        )
        result.append(PartnerQuality(partner=partner, months=months, total=total))
    return result
