"""Address blocks per NEN 5825 and how a letter greets the resident. Pure Python, no ORM.

NEN 5825 (adressering van poststukken): the addressee first, then street and house number, then
the postcode with one space between digits and letters, two spaces, and the town in capitals. At
most six lines, no empty lines and no punctuation at the end of a line.
"""

import re
from collections.abc import Sequence

from django.utils.translation import gettext as _

MAX_LINES = 6
_POSTCODE = re.compile(r"^\s*([1-9]\d{3})\s*([A-Za-z]{2})\s*$")
_LINE_END_PUNCTUATION = ".,;:!?-–"


def _clean(text: str) -> str:
    """Runs of whitespace become one space; punctuation at the end of the line goes."""
    return " ".join(text.split()).rstrip(_LINE_END_PUNCTUATION + " ")


def format_postcode(postcode: str) -> str:
    """``1234ab`` or ``1234 AB`` → ``1234 AB``; ValueError for anything that is not a postcode."""
    match = _POSTCODE.match(postcode)
    if match is None:
        raise ValueError(_("%(postcode)s is not a Dutch postcode") % {"postcode": repr(postcode)})
    return f"{match.group(1)} {match.group(2).upper()}"


def house_number_text(house_number: int | str, house_letter: str = "", addition: str = "") -> str:
    """``12``, ``12 A``, ``12-bis``, ``12 A-2``: the letter after a space, the addition after a hyphen."""
    text = str(house_number).strip()
    if house_letter.strip():
        text = f"{text} {house_letter.strip().upper()}"
    if addition.strip():
        text = f"{text}-{addition.strip()}"
    return text


def address_block(
    *,
    addressees: Sequence[str],
    street: str,
    house_number: int | str,
    postcode: str,
    city: str,
    house_letter: str = "",
    house_number_addition: str = "",
) -> list[str]:
    """The lines of the address block, at most six: addressees first, street line, postcode line.

    Addressees that do not fit are left off (the street and postcode lines always stay); empty and
    repeated names are skipped.
    """
    street_line = _clean(
        f"{_clean(street)} {house_number_text(house_number, house_letter, house_number_addition)}"
    )
    town = _clean(city).upper()
    postcode_line = f"{format_postcode(postcode)}  {town}" if town else format_postcode(postcode)
    names = list(dict.fromkeys(name for name in (_clean(text) for text in addressees) if name))
    return [*names[: MAX_LINES - 2], street_line, postcode_line]


def addressee_name(*, initials: str, first_names: str, surname_prefix: str, surname: str) -> str:
    """The name on the envelope: initials when known (``J.P. de Vries``), else the first names."""
    given = initials.strip() or first_names.strip()
    return " ".join(part for part in (given, surname_prefix.strip(), surname.strip()) if part)


def salutation(*, first_names: str, surname_prefix: str, surname: str) -> str:
    """``Beste Jan de Vries``: the first given name and the surname; ``Beste bewoner`` without a name."""
    given = first_names.split(maxsplit=1)[0] if first_names.split() else ""
    if not surname.strip():
        return "Beste bewoner"
    if not given:
        prefix = surname_prefix.strip()
        family = f"{prefix[:1].upper()}{prefix[1:]} {surname.strip()}" if prefix else surname.strip()
        return f"Beste heer of mevrouw {family}"
    return " ".join(part for part in ("Beste", given, surname_prefix.strip(), surname.strip()) if part)
