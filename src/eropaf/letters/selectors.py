"""Reading what a letter needs: the template that applies, the sender, and the case with its signals."""

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
            f"Er is geen actief briefsjabloon voor “{kind.label}”. Vul er een in bij Beheer → Briefsjablonen."
        )
    return chosen


def sender_for(*, municipality: Municipality) -> LetterSender:
    sender = LetterSender.objects.filter(municipality=municipality).first()
    if sender is None:
        raise ApplicationError(
            f"De afzender van de brieven van {municipality.name} is nog niet ingevuld (telefoonnummer). "
            "Vul die in bij Beheer → Afzenders van brieven."
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
