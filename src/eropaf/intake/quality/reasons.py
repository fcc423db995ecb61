"""Rejected rows counted per reason (field + error code), with a readable label per reason.

Only the field and the code of each error are read: the messages quote the partner's values.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eropaf.intake.models import RejectedRow
from eropaf.intake.quality.figures import Share, counted_deliveries
from eropaf.organisations.models import Partner

_REASON_LABELS = {
    "required": gettext_lazy("%(field)s missing"),
    "invalid": gettext_lazy("%(field)s invalid"),
    "too_long": gettext_lazy("%(field)s too long"),
    "too_large": gettext_lazy("%(field)s too large"),
    "not_positive": gettext_lazy("%(field)s not above zero"),
    "future": gettext_lazy("%(field)s in the future"),
    "outside_area": gettext_lazy("%(field)s outside the municipalities served"),
    "contradiction": gettext_lazy("%(field)s contradicts an earlier row"),
}


def reason_label(field: str, code: str) -> str:
    """``postcode`` + ``invalid`` → "postcode invalid" (in Dutch: "postcode ongeldig")."""
    label = _REASON_LABELS.get(code)
    if label is None:
        return _("%(field)s: %(code)s") % {"field": field, "code": code.replace("_", " ")}
    return str(label) % {"field": field}


@dataclass(frozen=True)
class RejectionReason:
    field: str
    code: str
    counts: list[int]
    """Rows rejected for this reason, per period of the range."""
    total: int
    share: Share
    """Of all rows received in the range; a row with several faults counts once per reason."""

    @property
    def label(self) -> str:
        return reason_label(self.field, self.code)


@dataclass(frozen=True)
class RejectionReasons:
    periods: list[dt.date]
    reasons: list[RejectionReason]


_ERRORS_SCHEMA = pl.Schema(
    [
        ("row_id", pl.Int64()),
        ("period", pl.Date()),
        ("errors", pl.List(pl.Struct({"field": pl.String(), "code": pl.String()}))),
    ]
)


def rejection_reasons(*, partner: Partner, periods: Sequence[dt.date], received: int) -> RejectionReasons:
    """Rows rejected per reason (field + code) and period; the messages (which quote values) are
    dropped as the rows are read."""
    rows = list(
        RejectedRow.objects.filter(
            delivery__in=counted_deliveries().filter(partner=partner, period__in=periods)
        ).values_list("id", "delivery__period", "errors")
    )
    if not rows:
        return RejectionReasons(periods=list(periods), reasons=[])
    row_ids, row_periods, errors = zip(*rows, strict=True)
    counts = (
        pl.DataFrame(
            {"row_id": row_ids, "period": row_periods, "errors": errors}, schema=_ERRORS_SCHEMA, strict=False
        )
        .explode("errors")
        .drop_nulls("errors")
        .unnest("errors")
        .with_columns(pl.col("field").fill_null(""), pl.col("code").fill_null(""))
        .unique(["row_id", "field", "code"])
        .group_by("field", "code", "period")
        .len()
    )
    index = {period: position for position, period in enumerate(periods)}
    by_reason: dict[tuple[str, str], list[int]] = {}
    for field, code, period, count in counts.iter_rows():
        by_reason.setdefault((field, code), [0] * len(periods))[index[period]] = count
    reasons = [
        RejectionReason(
            field=field,
            code=code,
            counts=per_period,
            total=sum(per_period),
            share=Share(sum(per_period), received),
        )
        for (field, code), per_period in by_reason.items()
    ]
    reasons.sort(key=lambda reason: (-reason.total, reason.field, reason.code))
    return RejectionReasons(periods=list(periods), reasons=reasons)
