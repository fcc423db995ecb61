"""The delivery report: counts per verdict, rejected rows with their messages, signals per
municipality. The portal, the command line and the API all show this one report."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

from eropaf.intake.models import Delivery, RejectedRow, Signal


@dataclass(frozen=True)
class RowError:
    row_number: int
    field: str
    code: str
    message: str


@dataclass(frozen=True)
class MunicipalityCount:
    code: str
    name: str
    accepted: int


@dataclass(frozen=True)
class DeliveryReport:
    delivery: Delivery
    per_municipality: tuple[MunicipalityCount, ...]
    rejected_rows: tuple[RowError, ...]
    already_delivered: bool = False
    """True when the same content was delivered before: this is that earlier delivery's report."""

    @property
    def delivery_id(self) -> int:
        return int(self.delivery.pk)

    @property
    def period(self) -> dt.date:
        return self.delivery.period

    @property
    def received(self) -> int:
        return self.delivery.received_count

    @property
    def accepted(self) -> int:
        return self.delivery.accepted_count

    @property
    def rejected(self) -> int:
        return self.delivery.rejected_count

    @property
    def duplicate(self) -> int:
        return self.delivery.duplicate_count

    @property
    def warnings(self) -> list[str]:
        return [str(warning) for warning in self.delivery.warnings]


def municipality_counts(delivery: Delivery) -> tuple[MunicipalityCount, ...]:
    """The delivery's accepted signals per municipality, by municipality name."""
    counts = (
        Signal.objects.filter(delivery=delivery)
        .order_by("municipality__name")
        .values("municipality__code", "municipality__name")
        .annotate(accepted=Count("id"))
    )
    return tuple(
        MunicipalityCount(
            code=row["municipality__code"], name=row["municipality__name"], accepted=row["accepted"]
        )
        for row in counts
    )


def build_report(delivery: Delivery, *, already_delivered: bool = False) -> DeliveryReport:
    rejected = RejectedRow.objects.filter(delivery=delivery).order_by("row_number")
    return DeliveryReport(
        delivery=delivery,
        per_municipality=municipality_counts(delivery),
        rejected_rows=tuple(
            RowError(
                row_number=row.row_number,
                field=str(error["field"]),
                code=str(error["code"]),
                message=str(error["message"]),
            )
            for row in rejected
            for error in row.errors
        ),
        already_delivered=already_delivered,
    )
