"""What a measured import is given: the partner as the generator sees it, and a free period."""

import datetime as dt

from eropaf.core.periods import period_of, shift_months
from eropaf.core.vocabularies import PartnerType
from eropaf.demo.delivery_files import DeliveryPartner, ServedArea
from eropaf.demo.region import MUNICIPALITIES
from eropaf.demo.region import partner as demo_partner
from eropaf.intake.models import Delivery
from eropaf.organisations.models import Partner, PostcodeArea


def delivery_partner(partner: Partner) -> DeliveryPartner:
    """The generator's view of a stored partner: its type and the postcode areas it serves."""
    weights = {
        digits: weight
        for municipality in MUNICIPALITIES
        for district in municipality.districts
        for digits, weight in district.postcode_areas
    }
    areas = PostcodeArea.objects.filter(municipality__in=partner.municipalities.all()).order_by("digits")
    try:
        prefix = demo_partner(partner.code).reference_prefix
    except StopIteration:
        prefix = partner.code[:3].upper()
    return DeliveryPartner(
        code=partner.code,
        partner_type=PartnerType(partner.partner_type),
        reference_prefix=prefix,
        areas=tuple(
            ServedArea(area.digits, area.municipality.name, weights.get(area.digits, 1.0))
            for area in areas.select_related("municipality")
        ),
        is_private_landlord=partner.is_private_landlord,
    )


def free_periods(partner: Partner, count: int, *, today: dt.date) -> list[dt.date]:
    """``count`` matching periods in which the partner delivered nothing yet, latest first.

    Each measured import gets one, so no earlier run turns its rows into duplicates.
    """
    taken = set(Delivery.objects.filter(partner=partner).values_list("period", flat=True))
    periods: list[dt.date] = []
    period = period_of(today)
    while len(periods) < count:
        period = shift_months(period, -1)
        if period not in taken:
            periods.append(period)
    return periods
