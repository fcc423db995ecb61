"""The feedback on a partner's own signals: one row per signal that is in a case, nothing more.

The query names the few columns feedback needs; the resident's data, the case's notes, the
household and other partners' signals never leave the database for this.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from eropaf.cases.feedback import Feedback, feedback_for
from eropaf.intake.models import Signal
from eropaf.organisations.models import Partner


@dataclass(frozen=True, slots=True)
class FeedbackRow:
    signal_id: int
    reference: str
    period: dt.date
    feedback: Feedback
    pause_collection_from: dt.date | None
    changed_at: dt.datetime


FIELDS = (
    "pk",
    "reference",
    "period",
    "status",
    "withdrawn_at",
    "case_link__case__state",
    "case_link__case__outcome",
    "case_link__case__closed_on",
    "case_link__case__updated_at",
)


def feedback_values(
    *, partner: Partner, since: dt.datetime | None = None, period: dt.date | None = None
) -> "QuerySet[Signal, tuple[Any, ...]]":
    """The partner's signals that are in a case, as the ``FIELDS`` feedback needs, oldest change
    first (so a client can page on with ``since``)."""
    signals = Signal.objects.filter(partner=partner, case_link__isnull=False)
    if since is not None:
        signals = signals.filter(Q(case_link__case__updated_at__gte=since) | Q(withdrawn_at__gte=since))
    if period is not None:
        signals = signals.filter(period=period)
    return signals.order_by("case_link__case__updated_at", "pk").values_list(*FIELDS)


def feedback_rows(rows: Iterable[tuple[Any, ...]]) -> list[FeedbackRow]:
    """Each row of ``feedback_values`` as the feedback the partner may see."""
    result = []
    for (
        signal_id,
        reference,
        period,
        status,
        withdrawn_at,
        state,
        outcome,
        closed_on,
        updated_at,
    ) in rows:
        found = feedback_for(
            signal_status=status,
            withdrawn=withdrawn_at is not None,
            case_state=state,
            case_outcome=outcome,
            closed_on=closed_on,
        )
        changed = max(updated_at, withdrawn_at) if withdrawn_at is not None else updated_at
        result.append(
            FeedbackRow(
                signal_id,
                reference,
                period,
                found.feedback,
                found.pause_collection_from,
                changed,
            )
        )
    return result
