"""The period range of a quality page, and the partner user's own page."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from eropaf.accounts.selectors import AnyUser, partners_of
from eropaf.core.periods import parse_period, period_of, shift_months
from eropaf.intake.calendar import PeriodRange, last_periods
from eropaf.intake.quality.figures import PartnerQuality, delivery_facts, partner_quality
from eropaf.intake.quality.reasons import RejectionReasons, rejection_reasons
from eropaf.intake.quality.timeliness import DeliveryCalendar, calendar_of
from eropaf.organisations.models import Partner

DEFAULT_MONTHS = 12
MAX_MONTHS = 36


def period_range_from(
    *, first: str | None, last: str | None, today: dt.date
) -> tuple[PeriodRange, str | None]:
    """The range asked for in ``YYYY-MM`` texts, up to the current period; the last twelve months
    and a message when the texts do not make a range of at most ``MAX_MONTHS`` months."""
    current = period_of(today)
    default = last_periods(today, DEFAULT_MONTHS)
    try:
        last_period = min(parse_period(last), current) if last else current
        first_period = parse_period(first) if first else shift_months(last_period, 1 - DEFAULT_MONTHS)
    except ValueError:
        return default, _("Give months as year and month, for example 2025-03.")
    if first_period > last_period:
        return default, _("The first month lies after the last month.")
    period_range = PeriodRange(first=first_period, last=last_period)
    if len(period_range.periods) > MAX_MONTHS:
        return default, _("Choose at most %(count)d months.") % {"count": MAX_MONTHS}
    return period_range, None


@dataclass(frozen=True)
class OwnDeliveries:
    """A partner's own view: its timeliness per municipality served and its own data quality."""

    partner: Partner
    calendar: DeliveryCalendar
    quality: PartnerQuality
    reasons: RejectionReasons


def get_own_deliveries_for_user(
    *, user: AnyUser, period_range: PeriodRange, today: dt.date
) -> list[OwnDeliveries]:
    """For each partner the user delivers for; the signal shares are over all its signals."""
    result: list[OwnDeliveries] = []
    for partner in partners_of(user).order_by("name"):
        facts = delivery_facts(
            partner_ids=[partner.pk], periods=[period_range.previous, *period_range.periods]
        )
        quality = partner_quality(
            partners=[partner], periods=period_range.periods, municipality=None, deliveries=facts
        )[0]
        result.append(
            OwnDeliveries(
                partner=partner,
                calendar=calendar_of(
                    pairs=[
                        (partner, municipality) for municipality in partner.municipalities.order_by("name")
                    ],
                    period_range=period_range,
                    today=today,
                    facts=facts,
                ),
                quality=quality,
                reasons=rejection_reasons(
                    partner=partner, periods=period_range.periods, received=quality.total.delivery.received
                ),
            )
        )
    return result
