"""The delivery calendar and the data quality of partners' deliveries: counts and shares only.

Everything is counted in the database, or in Polars over the rejected rows' error codes; no signal
is read one by one and nothing a person could be recognised by leaves this package.
"""

from eropaf.intake.quality.figures import (
    OLD_ARREAR_DAYS,
    DeliveryFacts,
    PartnerQuality,
    QualityFigures,
    Share,
    SignalFacts,
    counted_deliveries,
    delivery_facts,
    partner_quality,
    signal_counts,
    signal_facts,
)
from eropaf.intake.quality.own import (
    DEFAULT_MONTHS,
    MAX_MONTHS,
    OwnDeliveries,
    get_own_deliveries_for_user,
    period_range_from,
)
from eropaf.intake.quality.reasons import RejectionReason, RejectionReasons, reason_label, rejection_reasons
from eropaf.intake.quality.timeliness import (
    CalendarRow,
    DeliveryCalendar,
    MissingDelivery,
    calendar_of,
    missing_deliveries,
    missing_deliveries_for_user,
)

__all__ = [
    "DEFAULT_MONTHS",
    "MAX_MONTHS",
    "OLD_ARREAR_DAYS",
    "CalendarRow",
    "DeliveryCalendar",
    "DeliveryFacts",
    "MissingDelivery",
    "OwnDeliveries",
    "PartnerQuality",
    "QualityFigures",
    "RejectionReason",
    "RejectionReasons",
    "Share",
    "SignalFacts",
    "calendar_of",
    "counted_deliveries",
    "delivery_facts",
    "get_own_deliveries_for_user",
    "missing_deliveries",
    "missing_deliveries_for_user",
    "partner_quality",
    "period_range_from",
    "reason_label",
    "rejection_reasons",
    "signal_counts",
    "signal_facts",
]
