"""BENCHMARK BASELINE, never used by the product: a naive row-by-row ORM importer.

It is what a straightforward Django importer does, to put our figure in perspective.
"""

import csv
import datetime as dt
import io
import re
import time
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from stdnum.exceptions import ValidationError
from stdnum.nl import bsn as nl_bsn
from stdnum.nl import postcode as nl_postcode

from eropaf.core.vocabularies import DeliveryChannel, PartnerType
from eropaf.demo.intake_bench.measure import ImportRun
from eropaf.intake.fields import REQUIRED_FIELD_NAMES, canonical_field
from eropaf.intake.models import Delivery, DeliveryStatus, RejectedRow, Signal
from eropaf.intake.normalise import address_key
from eropaf.organisations.models import Partner, PostcodeArea

# --- BENCHMARK BASELINE: a naive row-by-row ORM importer. Never used by the product. ---------------

_NAIVE_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y%m%d")
_NAIVE_HOUSE_NUMBER = re.compile(r"^(\d+)\s?([A-Za-z])?(?:\s?[-/ ]?\s?([A-Za-z0-9]{1,4}))?$")
_NAIVE_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NAIVE_YES, _NAIVE_NO = {"ja", "j", "true", "1", "x"}, {"nee", "n", "false", "0", ""}
_NAIVE_TYPES = {
    "huur": PartnerType.RENT,
    "energie": PartnerType.ENERGY,
    "water": PartnerType.WATER,
    "zorg": PartnerType.HEALTH_INSURANCE,
    "hypotheek": PartnerType.MORTGAGE,
    "cak-zorgverzekering": PartnerType.CAK_HEALTH_INSURANCE,
    "cak zorgverzekeringen": PartnerType.CAK_HEALTH_INSURANCE,
    "cak-eigen-bijdrage": PartnerType.CAK_OWN_CONTRIBUTION,
    "duo": PartnerType.DUO,
    "belastingdienst": PartnerType.TAX_AUTHORITY,
    "toeslagen": PartnerType.BENEFITS_AGENCY,
    "overig": PartnerType.OTHER,
}


class _RowError(ValueError):
    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field_name = field_name


def _naive_date(value: str, field_name: str, *, today: dt.date, not_in_future: bool) -> dt.date | None:
    if not value:
        return None
    for pattern in _NAIVE_DATE_FORMATS:
        try:
            day = dt.datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
        if not_in_future and day > today:
            raise _RowError(field_name, f"{field_name} ligt in de toekomst")
        return day
    raise _RowError(field_name, f"{field_name} is geen datum")


def _naive_cents(value: str, field_name: str) -> int | None:
    if not value:
        return None
    text = value.replace("€", "").replace(" ", "")
    if "," in text and "." in text:
        decimal_mark = "," if text.rindex(",") > text.rindex(".") else "."
        text = text.replace("." if decimal_mark == "," else ",", "")
    text = text.replace(",", ".")
    try:
        return int(Decimal(text) * 100)
    except InvalidOperation as error:
        raise _RowError(field_name, f"{field_name} is geen bedrag") from error


def _naive_flag(value: str, field_name: str) -> bool:
    lowered = value.lower()
    if lowered in _NAIVE_YES:
        return True
    if lowered in _NAIVE_NO:
        return False
    raise _RowError(field_name, f"{field_name} is geen ja of nee")


def _naive_phone(value: str) -> str:
    digits = re.sub(r"[\s\-().]", "", value)
    if digits.startswith("+31"):
        digits = "0" + digits[3:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    if not re.fullmatch(r"0[1-9][0-9]{8}", digits):
        raise _RowError("telefoon", "telefoon is geen telefoonnummer")
    return "+31" + digits[1:]


def _naive_values(row: dict[str, str], *, partner: Partner, today: dt.date) -> dict[str, Any]:
    """One row validated and normalised field by field, as a typical importer does."""
    for name in REQUIRED_FIELD_NAMES:
        if not row.get(name):
            raise _RowError(name, f"{name} ontbreekt")
    try:
        postcode = nl_postcode.compact(nl_postcode.validate(row["postcode"]))
    except ValidationError as error:
        raise _RowError("postcode", "postcode is geen geldige postcode") from error
    bsn = row.get("bsn", "")
    if bsn:
        try:
            bsn = nl_bsn.validate(bsn.zfill(9))
        except ValidationError as error:
            raise _RowError("bsn", "bsn voldoet niet aan de elfproef") from error
    house = _NAIVE_HOUSE_NUMBER.match(row["huisnummer"])
    if house is None:
        raise _RowError("huisnummer", "huisnummer is geen huisnummer")
    letter = (row.get("huisletter") or house.group(2) or "").upper()
    addition = (row.get("huisnummertoevoeging") or house.group(3) or "").upper()
    signal_type = partner.partner_type
    if row.get("signaaltype"):
        if row["signaaltype"].lower() not in _NAIVE_TYPES:
            raise _RowError("signaaltype", "signaaltype is onbekend")
        signal_type = _NAIVE_TYPES[row["signaaltype"].lower()]
    amount = _naive_cents(row["bedrag"], "bedrag")
    if amount is None or amount <= 0:
        raise _RowError("bedrag", "bedrag moet groter dan 0 zijn")
    email = row.get("email", "").lower()
    if email and not _NAIVE_EMAIL.match(email):
        raise _RowError("email", "email is geen e-mailadres")
    months = row.get("maandenAchterstand", "")
    if months and not months.isdigit():
        raise _RowError("maandenAchterstand", "maandenAchterstand is geen getal")
    return {
        "reference": row["referentie"][:64],
        "signal_type": signal_type,
        "arrear_start_date": _naive_date(
            row["ontstaansdatum"], "ontstaansdatum", today=today, not_in_future=True
        ),
        "signal_date": _naive_date(
            row.get("signaaldatum", ""), "signaaldatum", today=today, not_in_future=True
        )
        or today,
        "amount_cents": amount,
        "instalment_cents": _naive_cents(row.get("termijnbedrag", ""), "termijnbedrag"),
        "months_in_arrears": int(months) if months else None,
        "is_crisis": _naive_flag(row.get("crisissignaal", ""), "crisissignaal"),
        "is_end_of_supply": _naive_flag(row.get("eindelevering", ""), "eindelevering"),
        "is_warm_handover": _naive_flag(row.get("warmeOverdracht", ""), "warmeOverdracht"),
        "bsn": bsn,
        "initials": row.get("voorletters", ""),
        "first_names": row.get("voornamen", ""),
        "surname_prefix": row.get("voorvoegsel", ""),
        "surname": row["achternaam"],
        "birth_date": _naive_date(
            row.get("geboortedatum", ""), "geboortedatum", today=today, not_in_future=True
        ),
        "street": row.get("straat", ""),
        "house_number": int(house.group(1)),
        "house_letter": letter,
        "house_number_addition": addition,
        "postcode": postcode,
        "city": row.get("woonplaats", ""),
        "address_key": address_key(
            postcode=postcode, house_number=int(house.group(1)), house_letter=letter, addition=addition
        ),
        "phone": _naive_phone(row["telefoon"]) if row.get("telefoon") else "",
        "email": email,
        "customer_number": row.get("klantnummer", ""),
        "summons_date": _naive_date(
            row.get("dagvaardingsdatum", ""), "dagvaardingsdatum", today=today, not_in_future=False
        ),
        "judgment_date": _naive_date(
            row.get("vonnisdatum", ""), "vonnisdatum", today=today, not_in_future=False
        ),
        "eviction_date": _naive_date(
            row.get("ontruimingsdatum", ""), "ontruimingsdatum", today=today, not_in_future=False
        ),
    }


def naive_import(*, partner: Partner, data: bytes, file_name: str, period: dt.date) -> Counter[str]:
    """BENCHMARK BASELINE, never used by the product: a row-by-row ORM import.

    csv.DictReader, Python validation per row, a postcode-area query and a duplicate query per row,
    and ``Signal.objects.create`` per row, all inside one transaction. Returns the verdict counts.
    """
    today = timezone.localdate()
    served = set(partner.municipalities.values_list("pk", flat=True))
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";")
    counts: Counter[str] = Counter()
    first_amount: dict[str, int] = {}
    with transaction.atomic():
        delivery = Delivery.objects.create(
            partner=partner,
            period=period,
            channel=DeliveryChannel.COMMAND_LINE,
            status=DeliveryStatus.PROCESSED,
            file_name=file_name,
            received_at=timezone.now(),
            headers=list(reader.fieldnames or []),
        )
        for row_number, original in enumerate(reader, start=2):
            counts["received"] += 1
            row = {canonical_field(name) or name: (value or "").strip() for name, value in original.items()}
            try:
                values = _naive_values(row, partner=partner, today=today)
                area = PostcodeArea.objects.filter(digits=values["postcode"][:4]).first()
                if area is None or area.municipality_id not in served:
                    raise _RowError("postcode", "postcode ligt niet in een gemeente die u bedient")
                earlier_amount = first_amount.setdefault(values["reference"], values["amount_cents"])
                if earlier_amount != values["amount_cents"]:
                    raise _RowError("bedrag", "referentie staat al in deze levering met een ander bedrag")
            except _RowError as error:
                RejectedRow.objects.create(
                    delivery=delivery,
                    row_number=row_number,
                    values=original,
                    errors=[{"field": error.field_name, "code": "invalid", "message": str(error)}],
                )
                counts["rejected"] += 1
                continue
            if Signal.objects.filter(
                partner=partner,
                period=period,
                reference=values["reference"],
                amount_cents=values["amount_cents"],
            ).exists():
                counts["duplicate"] += 1
                continue
            Signal.objects.create(
                delivery=delivery,
                partner=partner,
                municipality_id=area.municipality_id,
                period=period,
                row_number=row_number,
                **values,
            )
            counts["accepted"] += 1
        Delivery.objects.filter(pk=delivery.pk).update(
            received_count=counts["received"],
            accepted_count=counts["accepted"],
            rejected_count=counts["rejected"],
            duplicate_count=counts["duplicate"],
        )
    return counts


def measure_naive(*, partner: Partner, path: Path, period: dt.date) -> ImportRun:
    started = time.perf_counter()
    counts = naive_import(partner=partner, data=path.read_bytes(), file_name=path.name, period=period)
    return ImportRun(
        rows=counts["received"],
        seconds=round(time.perf_counter() - started, 3),
        received=counts["received"],
        accepted=counts["accepted"],
        rejected=counts["rejected"],
        duplicate=counts["duplicate"],
    )
