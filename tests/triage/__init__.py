"""Tests of the triage policy. ``case`` builds the facts of a case as the preset tables speak of them."""

from eropaf.core.vocabularies import PartnerType
from eropaf.triage.facts import CaseFacts


def cents(euros: str) -> int:
    """``"19.99"`` → 1999, without a float in between."""
    whole, _, fraction = euros.partition(".")
    return int(whole) * 100 + int(fraction.ljust(2, "0") or "0")


def case(
    euros: str,
    *,
    age: int | None = None,
    multiple: bool = False,
    kind: str = PartnerType.HEALTH_INSURANCE,
    minors: bool = False,
    consecutive: bool = False,
) -> CaseFacts:
    """A case of one signal of ``kind``, or with ``multiple`` of two (a same-month match) that add up
    to the amount."""
    total = cents(euros)
    amounts = {kind: total // 2, PartnerType.ENERGY: total - total // 2} if multiple else {kind: total}
    return CaseFacts(
        partner_types=frozenset(amounts),
        amounts_cents=amounts,
        total_amount_cents=total,
        signal_count=2 if multiple else 1,
        is_multiple=multiple,
        is_consecutive=consecutive,
        has_minors=minors,
        age=age,
    )
