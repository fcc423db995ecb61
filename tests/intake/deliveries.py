"""Building delivery files and a small region for intake tests."""

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eropaf.core.vocabularies import PartnerType
from eropaf.organisations.models import Municipality, Partner
from tests.factories import MunicipalityFactory, PartnerFactory, PostcodeAreaFactory

HEADER = (
    "referentie",
    "ontstaansdatum",
    "bedrag",
    "achternaam",
    "huisnummer",
    "postcode",
    "telefoon",
)


def good_row(reference: str, **overrides: str) -> dict[str, str]:
    row = {
        "referentie": reference,
        "ontstaansdatum": "01-08-2026",
        "bedrag": "1.234,56",
        "achternaam": "Jansen",
        "huisnummer": "12a",
        "postcode": "3311 AB",
        "telefoon": "06-12345678",
    }
    row.update(overrides)
    return row


def csv_bytes(
    rows: Sequence[Mapping[str, str]], *, header: Sequence[str] = HEADER, delimiter: str = ";"
) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(header), delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


@dataclass(frozen=True)
class Region:
    dordrecht: Municipality
    zwijndrecht: Municipality
    elsewhere: Municipality
    partner: Partner
    other_partner: Partner


def make_region() -> Region:
    """A partner serving Dordrecht (3311, 3312) and Zwijndrecht (3331); Leiden (2311) is not served."""
    dordrecht = MunicipalityFactory.create(code="0505", name="Dordrecht")
    zwijndrecht = MunicipalityFactory.create(code="0642", name="Zwijndrecht")
    elsewhere = MunicipalityFactory.create(code="0546", name="Leiden")
    for digits, municipality in (
        ("3311", dordrecht),
        ("3312", dordrecht),
        ("3331", zwijndrecht),
        ("2311", elsewhere),
    ):
        PostcodeAreaFactory.create(digits=digits, municipality=municipality)
    partner = PartnerFactory.create(
        code="woongoed",
        name="Woongoed",
        partner_type=PartnerType.RENT,
        municipalities=[dordrecht, zwijndrecht],
    )
    other = PartnerFactory.create(
        code="stroomlijn", name="Stroomlijn", partner_type=PartnerType.ENERGY, municipalities=[dordrecht]
    )
    return Region(dordrecht, zwijndrecht, elsewhere, partner, other)
