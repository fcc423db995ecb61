"""Pure normalisation of delivery values (no ORM)."""

from stdnum.exceptions import ValidationError
from stdnum.nl import postcode as nl_postcode


def normalise_postcode(value: str) -> str:
    """``1234 ab`` → ``1234AB``; raises ValueError with a Dutch message when it is no postcode."""
    try:
        return str(nl_postcode.validate(value)).replace(" ", "")
    except ValidationError as error:
        raise ValueError(
            f'postcode "{value}" is geen geldige postcode (verwacht 4 cijfers en 2 letters, bijv. 1234 AB)'
        ) from error


def address_key(*, postcode: str, house_number: int, house_letter: str = "", addition: str = "") -> str:
    """One household address: normalised postcode, number, letter and addition.

    ``1234AB|12|A|2`` — upper case, so ``12a`` and ``12A`` are the same address.
    """
    return "|".join(
        [postcode.replace(" ", "").upper(), str(house_number), house_letter.upper(), addition.upper()]
    )
