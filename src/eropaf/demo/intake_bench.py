"""Measuring signal intake: our pipeline, a naive row-by-row baseline and a bare Polars floor.

Used by ``eropaf bench_intake`` only. Our import is measured end to end through ``import_delivery``
(read, validate, normalise, de-duplicate, route, store), by default in a fresh child process per
delivery so that its wall time and peak memory are its own.

``naive_import`` below is a BENCHMARK BASELINE, never used by the product: it is what a
straightforward Django importer does, to put our figure in perspective.
"""

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import polars as pl
from django.db import transaction
from django.utils import timezone
from stdnum.exceptions import ValidationError
from stdnum.nl import bsn as nl_bsn
from stdnum.nl import postcode as nl_postcode

from eropaf.core.periods import format_period, parse_period, period_of, shift_months
from eropaf.core.vocabularies import DeliveryChannel, PartnerType
from eropaf.demo.delivery_files import DeliveryPartner, ServedArea
from eropaf.demo.region import MUNICIPALITIES
from eropaf.demo.region import partner as demo_partner
from eropaf.intake.fields import REQUIRED_FIELD_NAMES, canonical_field
from eropaf.intake.importing import DeliverySource, import_delivery
from eropaf.intake.models import Delivery, DeliveryStatus, RejectedRow, Signal, UploadStage
from eropaf.intake.normalise import address_key
from eropaf.organisations.models import Partner, PostcodeArea

STAGE_NAMES = {
    UploadStage.READING: "reading",
    UploadStage.VALIDATING: "validating",
    UploadStage.CHECKING: "routing and duplicates",
    UploadStage.STORING: "storing",
    UploadStage.FINISHED: "report",
}


@dataclass
class ImportRun:
    """One measured import and the verdicts it gave."""

    rows: int
    seconds: float
    received: int
    accepted: int
    rejected: int
    duplicate: int
    expected_rejected: int | None = None
    """How many rows the generator broke; every one of them should be rejected."""
    peak_memory_bytes: int | None = None
    """The child process's peak resident memory; None when measured in this process."""
    process_seconds: float | None = None
    """The child's whole life, interpreter and Django start-up included."""
    stages: dict[str, float] = field(default_factory=dict)
    repeats: list[float] = field(default_factory=list)
    """Every repetition's time when the import was repeated; this run is the median one."""

    @property
    def counts_add_up(self) -> bool:
        return self.accepted + self.rejected + self.duplicate == self.received

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"counts_add_up": self.counts_add_up}


class StageClock:
    """A progress callback for ``import_delivery`` that notes when each stage starts."""

    def __init__(self) -> None:
        self.started: dict[UploadStage, float] = {}

    def __call__(self, stage: UploadStage, _done: int, _total: int) -> None:
        self.started.setdefault(stage, time.perf_counter())

    def durations(self, *, ended: float) -> dict[str, float]:
        marks = sorted(self.started.items(), key=lambda item: item[1])
        ends = [moment for _, moment in marks[1:]] + [ended]
        return {
            STAGE_NAMES.get(stage, str(stage)): round(end - start, 3)
            for (stage, start), end in zip(marks, ends, strict=True)
        }


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


def measure_import(*, partner: Partner, path: Path, period: dt.date) -> ImportRun:
    """Import the file through the product's pipeline in this process and time it."""
    clock = StageClock()
    started = time.perf_counter()
    report = import_delivery(
        partner=partner,
        source=DeliverySource.from_file(path.read_bytes(), path.name),
        channel=DeliveryChannel.COMMAND_LINE,
        period=period,
        may_name_closed_period=True,
        progress=clock,
    )
    ended = time.perf_counter()
    return ImportRun(
        rows=report.received,
        seconds=round(ended - started, 3),
        received=report.received,
        accepted=report.accepted,
        rejected=report.rejected,
        duplicate=report.duplicate,
        stages=clock.durations(ended=ended),
    )


# The child sets up Django itself, so that it measures nothing of this process.
_CHILD = (
    "import os, sys, django\n"
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'eropaf.config.settings')\n"
    "django.setup()\n"
    "from eropaf.demo.intake_bench import child_main\n"
    "child_main(sys.argv[1:])\n"
)


def child_main(argv: list[str]) -> None:
    """In the child: import one file (``PARTNER PERIOD FILE``) and print the run as JSON."""
    code, period_text, file_name = argv
    run = measure_import(
        partner=Partner.objects.get(code=code), path=Path(file_name), period=parse_period(period_text)
    )
    sys.stdout.write(json.dumps(run.as_dict()) + "\n")


@dataclass(frozen=True)
class ChildRun:
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_memory_bytes: int


def run_child(argv: list[str], *, env: dict[str, str] | None = None) -> ChildRun:
    """Run a command to its end; its own wall time and peak resident memory (``wait4``)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, env=env)  # noqa: S603 - our own argv
        try:
            _, status, usage = os.wait4(process.pid, 0)
        except BaseException:
            process.kill()  # interrupted: leave no import running behind us
            process.wait()
            raise
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return ChildRun(
            returncode=process.returncode,
            stdout=out.read().decode(errors="replace"),
            stderr=err.read().decode(errors="replace"),
            seconds=round(seconds, 3),
            peak_memory_bytes=usage.ru_maxrss * 1024,  # Linux reports KiB
        )


class ChildFailed(RuntimeError):
    pass


def measure_import_in_child(*, partner: Partner, path: Path, period: dt.date) -> ImportRun:
    """``measure_import`` in a fresh Python process on the same database, with DEBUG off."""
    child = run_child(
        [sys.executable, "-c", _CHILD, partner.code, format_period(period), str(path)],
        env={**os.environ, "DEBUG": "false"},
    )
    if child.returncode != 0:
        raise ChildFailed(
            f"the import of {path.name} failed (exit {child.returncode}):\n{child.stderr[-2000:]}"
        )
    result = json.loads(child.stdout.strip().splitlines()[-1])
    result.pop("counts_add_up", None)
    run = ImportRun(**result)
    run.peak_memory_bytes = child.peak_memory_bytes
    run.process_seconds = child.seconds
    return run


# The floor: what reading the file and the simplest vectorised checks cost, without storing.
_FLOOR_POSTCODE = r"^[1-9][0-9]{3} ?[A-Z]{2}$"
_FLOOR_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y%m%d")


@dataclass(frozen=True)
class FloorRun:
    rows: int
    seconds: float
    failing: int
    """Rows the simple checks reject (fewer than ours: they check less)."""


def measure_floor(path: Path, *, delimiter: str = ";") -> FloorRun:
    """A bare ``pl.read_csv`` (all text) plus required fields, a postcode pattern and a date parse."""
    started = time.perf_counter()
    frame = pl.read_csv(path, separator=delimiter, infer_schema=False)
    arrear_start = pl.col("ontstaansdatum").str.strip_chars()
    checks = frame.select(
        pl.all_horizontal(pl.col(REQUIRED_FIELD_NAMES).str.strip_chars().str.len_chars() > 0).alias(
            "complete"
        ),
        pl.col("postcode")
        .str.strip_chars()
        .str.to_uppercase()
        .str.contains(_FLOOR_POSTCODE)
        .alias("postcode"),
        pl.coalesce(
            [arrear_start.str.strptime(pl.Date, pattern, strict=False) for pattern in _FLOOR_DATE_FORMATS]
        )
        .is_not_null()
        .alias("date"),
    )
    failing = checks.filter(~pl.all_horizontal(pl.all().fill_null(value=False))).height
    return FloorRun(rows=frame.height, seconds=round(time.perf_counter() - started, 3), failing=failing)


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
