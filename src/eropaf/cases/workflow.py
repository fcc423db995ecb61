"""The case state machine as an explicit transition table. Pure Python, no ORM.

A case is opened by matching (``new``), routed by triage (``queued`` or closed as not picked up),
worked by a case worker (``in_progress``), possibly handed over warmly to another team
(``handed_over``) and finally ``closed`` with a DDAS outcome. A team lead may reopen a closed case.
"""

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from eropaf.core.errors import InvalidTransition
from eropaf.core.vocabularies import Outcome


class CaseState(models.TextChoices):
    NEW = "new", _("New: matched, awaiting triage")
    QUEUED = "queued", _("In work queue")
    IN_PROGRESS = "in_progress", _("In progress")
    HANDED_OVER = "handed_over", _("Handed over")
    CLOSED = "closed", _("Closed")


class CaseAction(StrEnum):
    TRIAGE = "triage"
    DECLINE = "decline"
    START = "start"
    HAND_OVER = "hand_over"
    CLOSE = "close"
    REOPEN = "reopen"


@dataclass(frozen=True)
class Transition:
    source: CaseState
    action: CaseAction
    target: CaseState
    needs_outcome: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(CaseState.NEW, CaseAction.TRIAGE, CaseState.QUEUED),
    Transition(CaseState.NEW, CaseAction.DECLINE, CaseState.CLOSED, needs_outcome=True),
    Transition(CaseState.QUEUED, CaseAction.DECLINE, CaseState.CLOSED, needs_outcome=True),
    Transition(CaseState.QUEUED, CaseAction.START, CaseState.IN_PROGRESS),
    Transition(CaseState.QUEUED, CaseAction.CLOSE, CaseState.CLOSED, needs_outcome=True),
    Transition(CaseState.IN_PROGRESS, CaseAction.HAND_OVER, CaseState.HANDED_OVER),
    Transition(CaseState.IN_PROGRESS, CaseAction.CLOSE, CaseState.CLOSED, needs_outcome=True),
    Transition(CaseState.HANDED_OVER, CaseAction.CLOSE, CaseState.CLOSED, needs_outcome=True),
    Transition(CaseState.CLOSED, CaseAction.REOPEN, CaseState.IN_PROGRESS),
)

_TABLE = {(t.source, t.action): t for t in TRANSITIONS}
OPEN_STATES = frozenset({CaseState.NEW, CaseState.QUEUED, CaseState.IN_PROGRESS, CaseState.HANDED_OVER})


def allowed_actions(state: CaseState) -> list[CaseAction]:
    return [t.action for t in TRANSITIONS if t.source == state]


def next_state(state: CaseState, action: CaseAction, *, outcome: Outcome | None = None) -> CaseState:
    """The state after ``action``; raises InvalidTransition (Dutch message) when not allowed."""
    transition = _TABLE.get((state, action))
    if transition is None:
        raise InvalidTransition(
            f"Een zaak met status '{state.label}' kan niet de actie '{action.value}' krijgen."
        )
    if transition.needs_outcome and outcome is None:
        raise InvalidTransition("Kies een eindresultaat om de zaak af te sluiten.")
    if action is CaseAction.DECLINE and outcome is not None and not outcome.is_not_picked_up:
        raise InvalidTransition(f"'{outcome.label}' is geen reden om een signaal niet op te pakken.")
    return transition.target
