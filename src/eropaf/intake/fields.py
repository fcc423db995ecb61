"""The fields of the signal delivery format, version 1 (docs/partners/aanleverformaat.md).

This is a boundary module: the partner-facing field names are Dutch and kept verbatim, because
partners build their exports against them. Everything behind it uses English names.
"""

import re
from dataclasses import dataclass
from enum import Enum


class FieldKind(Enum):
    TEXT = "text"
    DATE = "date"
    AMOUNT = "amount"
    WHOLE_NUMBER = "whole_number"
    FLAG = "flag"
    SIGNAL_TYPE = "signal_type"
    BSN = "bsn"
    HOUSE_NUMBER = "house_number"
    POSTCODE = "postcode"
    PHONE = "phone"
    EMAIL = "email"


@dataclass(frozen=True)
class DeliveryField:
    name: str
    """The field name as the format spells it, e.g. ``ontstaansdatum``."""
    kind: FieldKind
    required: bool = False
    max_length: int | None = None


FIELDS: tuple[DeliveryField, ...] = (
    DeliveryField("referentie", FieldKind.TEXT, required=True, max_length=64),
    DeliveryField("signaaltype", FieldKind.SIGNAL_TYPE),
    DeliveryField("ontstaansdatum", FieldKind.DATE, required=True),
    DeliveryField("signaaldatum", FieldKind.DATE),
    DeliveryField("bedrag", FieldKind.AMOUNT, required=True),
    DeliveryField("termijnbedrag", FieldKind.AMOUNT),
    DeliveryField("maandenAchterstand", FieldKind.WHOLE_NUMBER),
    DeliveryField("crisissignaal", FieldKind.FLAG),
    DeliveryField("eindelevering", FieldKind.FLAG),
    DeliveryField("warmeOverdracht", FieldKind.FLAG),
    DeliveryField("bsn", FieldKind.BSN),
    DeliveryField("voorletters", FieldKind.TEXT, max_length=20),
    DeliveryField("voornamen", FieldKind.TEXT, max_length=200),
    DeliveryField("voorvoegsel", FieldKind.TEXT, max_length=20),
    DeliveryField("achternaam", FieldKind.TEXT, required=True, max_length=200),
    DeliveryField("geboortedatum", FieldKind.DATE),
    DeliveryField("straat", FieldKind.TEXT, max_length=200),
    DeliveryField("huisnummer", FieldKind.HOUSE_NUMBER, required=True),
    DeliveryField("huisletter", FieldKind.TEXT, max_length=1),
    DeliveryField("huisnummertoevoeging", FieldKind.TEXT, max_length=4),
    DeliveryField("postcode", FieldKind.POSTCODE, required=True),
    DeliveryField("woonplaats", FieldKind.TEXT, max_length=100),
    DeliveryField("nummeraanduidingId", FieldKind.TEXT),
    DeliveryField("telefoon", FieldKind.PHONE),
    DeliveryField("email", FieldKind.EMAIL),
    DeliveryField("klantnummer", FieldKind.TEXT, max_length=64),
    DeliveryField("dagvaardingsdatum", FieldKind.DATE),
    DeliveryField("vonnisdatum", FieldKind.DATE),
    DeliveryField("ontruimingsdatum", FieldKind.DATE),
)
FIELD_NAMES: tuple[str, ...] = tuple(field.name for field in FIELDS)
REQUIRED_FIELD_NAMES: tuple[str, ...] = tuple(field.name for field in FIELDS if field.required)
FIELDS_BY_NAME: dict[str, DeliveryField] = {field.name: field for field in FIELDS}

_IGNORED_IN_HEADERS = re.compile(r"[\s_\-.]+")
_BY_FOLDED_NAME = {name.lower(): name for name in FIELD_NAMES}


def fold_header(header: str) -> str:
    """Header names match case-insensitively, ignoring spaces, ``_``, ``-`` and ``.``."""
    return _IGNORED_IN_HEADERS.sub("", header.strip().lstrip("\ufeff")).lower()


def canonical_field(header: str) -> str | None:
    """``Ontstaans datum`` → ``ontstaansdatum``; None for a column the format does not know."""
    return _BY_FOLDED_NAME.get(fold_header(header))
