"""Amounts are whole cents (int) everywhere; this formats them for people."""

from decimal import Decimal


def cents_to_euros(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


def format_euros(cents: int | None) -> str:
    """Dutch notation: ``€ 1.234,56``."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    grouped = f"{euros:,}".replace(",", ".")
    return f"{sign}€ {grouped},{rest:02d}"
