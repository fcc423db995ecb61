"""Deliveries and data quality of a municipality's partners, for team leads and policy officers.

Fetch-and-authorise: a user sees the partners serving one of the municipalities they read
reports of, and nothing else. Signal shares count the signals routed to the chosen municipality;
rejected and duplicate rows cannot always be routed, so those shares are over the partner's
whole deliveries.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from eropaf.accounts.roles import REPORTING_ROLES
from eropaf.accounts.selectors import AnyUser, municipalities_of
from eropaf.core.errors import NotPermitted
from eropaf.intake.calendar import PeriodRange
from eropaf.intake.quality import (
    DeliveryCalendar,
    MissingDelivery,
    PartnerQuality,
    RejectionReasons,
    calendar_of,
    delivery_facts,
    missing_deliveries,
    partner_quality,
    rejection_reasons,
)
from eropaf.organisations.models import Municipality, Partner


@dataclass(frozen=True)
class MunicipalityDeliveries:
    municipality: Municipality
    municipalities: list[Municipality]
    """Every municipality the user may choose, by name."""
    period_range: PeriodRange
    calendar: DeliveryCalendar
    quality: list[PartnerQuality]
    missing: list[MissingDelivery]


@dataclass(frozen=True)
class PartnerDeliveries:
    partner: Partner
    municipality: Municipality
    municipalities: list[Municipality]
    """The user's municipalities that this partner serves, by name."""
    period_range: PeriodRange
    calendar: DeliveryCalendar
    quality: PartnerQuality
    reasons: RejectionReasons


def _reporting_municipalities(user: AnyUser) -> QuerySet[Municipality]:
    return municipalities_of(user, roles=REPORTING_ROLES).order_by("name")


def _choose(municipalities: list[Municipality], code: str | None) -> Municipality:
    """The municipality with ``code``, or the first; NotPermitted for a code not among them."""
    if not municipalities:
        raise NotPermitted(_("You do not read the reports of any municipality."))
    if not code:
        return municipalities[0]
    for municipality in municipalities:
        if municipality.code == code:
            return municipality
    raise NotPermitted(_("This municipality does not exist or is not one of yours."))


def get_municipality_deliveries_for_user(
    *, user: AnyUser, municipality_code: str | None, period_range: PeriodRange, today: dt.date
) -> MunicipalityDeliveries:
    """The calendar and data quality of every partner serving the chosen municipality."""
    municipalities = list(_reporting_municipalities(user))
    municipality = _choose(municipalities, municipality_code)
    partners = list(municipality.partners.order_by("name"))
    facts = delivery_facts(
        partner_ids=[partner.pk for partner in partners],
        periods=[period_range.previous, *period_range.periods],
    )
    return MunicipalityDeliveries(
        municipality=municipality,
        municipalities=municipalities,
        period_range=period_range,
        calendar=calendar_of(
            pairs=[(partner, municipality) for partner in partners],
            period_range=period_range,
            today=today,
            facts=facts,
        ),
        quality=partner_quality(
            partners=partners, periods=period_range.periods, municipality=municipality, deliveries=facts
        ),
        missing=missing_deliveries(municipality=municipality, today=today),
    )


def get_partner_deliveries_for_user(
    *,
    user: AnyUser,
    partner_id: int,
    municipality_code: str | None,
    period_range: PeriodRange,
    today: dt.date,
) -> PartnerDeliveries:
    """One partner's calendar, figures per month and rejection reasons, seen from one of the
    user's municipalities it serves; NotPermitted (as for a missing partner) when it serves none."""
    partner = Partner.objects.filter(pk=partner_id).first()
    municipalities = (
        list(_reporting_municipalities(user).filter(partners=partner)) if partner is not None else []
    )
    if partner is None or not municipalities:
        raise NotPermitted(_("This partner does not exist or does not serve your municipality."))
    municipality = _choose(municipalities, municipality_code)
    facts = delivery_facts(partner_ids=[partner.pk], periods=[period_range.previous, *period_range.periods])
    quality = partner_quality(
        partners=[partner], periods=period_range.periods, municipality=municipality, deliveries=facts
    )[0]
    return PartnerDeliveries(
        partner=partner,
        municipality=municipality,
        municipalities=municipalities,
        period_range=period_range,
        calendar=calendar_of(
            pairs=[(partner, municipality)], period_range=period_range, today=today, facts=facts
        ),
        quality=quality,
        reasons=rejection_reasons(
            partner=partner, periods=period_range.periods, received=quality.total.delivery.received
        ),
    )
