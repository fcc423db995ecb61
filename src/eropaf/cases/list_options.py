"""What the case list can be filtered on and sorted by, beyond month, state and work queue."""

from typing import Any

from django.db import models
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext_lazy as _

from eropaf.core.vocabularies import Priority


class Classification(models.TextChoices):
    """The classes matching gives a case, to filter the list on (the value is the case's field)."""

    MULTIPLE = "is_multiple", _("Multiple")
    CONSECUTIVE = "is_consecutive", _("Consecutive")
    RISING = "is_rising", _("Rising")
    PERSISTENT = "is_persistent", _("Persistent")
    REPEAT = "is_repeat", _("Repeat")
    CRISIS = "is_crisis", _("Crisis or end of supply")
    MINORS = "has_minors", _("Minors in the household")


class CaseOrder(models.TextChoices):
    DUE_DATE = "termijn", _("Due date, earliest first")
    PRIORITY = "prioriteit", _("Priority, most urgent first")
    AMOUNT = "bedrag", _("Amount, highest first")
    NEWEST = "nieuwste", _("Opened, newest first")


PRIORITY_RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}


def ordering(order: CaseOrder) -> list[Any]:
    """The case list's ``order_by`` for ``order``; ties by id, so paging is stable."""
    due = F("due_on").asc(nulls_last=True)
    if order == CaseOrder.PRIORITY:
        rank = Case(
            *(When(priority=priority.value, then=Value(rank)) for priority, rank in PRIORITY_RANK.items()),
            default=Value(len(PRIORITY_RANK)),
        )
        return [rank.asc(), due, "id"]
    if order == CaseOrder.AMOUNT:
        return ["-total_amount_cents", due, "id"]
    if order == CaseOrder.NEWEST:
        return ["-opened_on", "-id"]
    return [due, "id"]
