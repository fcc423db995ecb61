"""Reading what a letter needs: the template that applies, the sender, and the case with its signals."""

from django.utils.translation import gettext as _

from eropaf.accounts.selectors import AnyUser
from eropaf.cases.models import Case
from eropaf.cases.selectors import get_case_for_user
from eropaf.core.errors import ApplicationError
from eropaf.intake.models import Signal
from eropaf.letters.kinds import LetterKind
from eropaf.letters.models import LetterSender, LetterTemplate
from eropaf.organisations.models import Municipality


def template_for(*, municipality: Municipality, kind: LetterKind) -> LetterTemplate:
    """The municipality's active template of ``kind``, else the national one; refused when neither."""
    active = LetterTemplate.objects.filter(kind=kind, is_active=True)
    chosen = active.filter(municipality=municipality).first() or active.filter(municipality=None).first()
    if chosen is None:
        raise ApplicationError(
            _(
                "There is no active letter template for “%(kind)s”. "
                "Fill one in at Administration → Letter templates."
            )
            % {"kind": kind.label}
        )
    return chosen


def sender_for(*, municipality: Municipality) -> LetterSender:
    sender = LetterSender.objects.filter(municipality=municipality).first()
    if sender is None:
        raise ApplicationError(
            _(
                "The sender of the letters of %(municipality)s has not been filled in yet (phone number). "
                "Fill it in at Administration → Letter senders."
            )
            % {"municipality": municipality.name}
        )
    return sender


def case_with_signals_for_user(*, user: AnyUser, case_id: int) -> tuple[Case, list[Signal]]:
    """The case and its signals; NotPermitted unless the user may see the case."""
    detail = get_case_for_user(user=user, case_id=case_id)
    return detail.case, [signal_detail.signal for signal_detail in detail.signals]


def case_with_signals(*, case_id: int) -> tuple[Case, list[Signal]]:
    """Unscoped, for a batch started from the command line (the operator may see every case)."""
    case = Case.objects.select_related("municipality", "assigned_to").get(pk=case_id)
    signals = list(Signal.objects.filter(case_link__case=case).order_by("pk"))
    return case, signals
