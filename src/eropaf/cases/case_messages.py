"""An SMS or e-mail to the resident from the case page, and the resident's wish to get none.

The message goes through ``messaging.send_message`` (opt-out respected, the address stored only as
a keyed hash, the provider's answer recorded). A message the provider accepted counts as a contact
attempt of kind SMS/WhatsApp or e-mail, so the protocol checklist and the national monitor see it.
The address is typed by the worker and never stored in plain text.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from eropaf.accounts.models import User
from eropaf.accounts.selectors import AnyUser
from eropaf.cases.casework import record_attempt, workable_cases
from eropaf.cases.models import Case
from eropaf.cases.workflow import CaseState
from eropaf.core.errors import InvalidTransition, NotPermitted
from eropaf.core.vocabularies import ContactKind
from eropaf.messaging.models import MessageOptOut, SentMessage, TemplateKey
from eropaf.messaging.protocol import Channel, MessageSender, SendStatus
from eropaf.messaging.services import record_opt_out, send_message

ATTEMPT_KIND = {Channel.SMS: ContactKind.SMS_WHATSAPP, Channel.EMAIL: ContactKind.EMAIL}
SENT = frozenset({SendStatus.ACCEPTED, SendStatus.DELIVERED})


@dataclass(frozen=True)
class CaseMessage:
    channel: Channel
    template_key: TemplateKey
    address: str
    callback_phone: str
    """The number the resident can call back, filled into ((telefoonnummer))."""


def _workable(user: AnyUser, case_id: int) -> Case:
    case = workable_cases(user).select_related("municipality").filter(pk=case_id).first()
    if case is None:
        raise NotPermitted(_("This case does not exist or is not one of your teams' cases."))
    return case


def _resident_name(case: Case) -> str:
    link = case.case_signals.select_related("signal").order_by("signal_id").first()
    return link.signal.display_name if link else ""


def send_case_message(
    *, user: AnyUser, case_id: int, message: CaseMessage, sender: MessageSender | None = None
) -> SentMessage:
    """Send ``message`` to the case's resident; on success it is recorded as a contact attempt.

    Refusals (opt-out, invalid address, missing template) and provider errors come back in the
    returned record's Dutch ``error``; they are not attempts."""
    case = _workable(user, case_id)
    if not case.is_open or case.state == CaseState.NEW:
        raise InvalidTransition(_("Messages are sent on cases in a work queue or in handling."))
    worker = (user.get_full_name() if isinstance(user, User) else "") or user.get_username()
    sent = send_message(
        municipality=case.municipality,
        case_id=case.pk,
        channel=message.channel,
        template_key=message.template_key,
        address=message.address,
        personalisation={
            "naam": _resident_name(case),
            "gemeente": case.municipality.name,
            "medewerker": worker,
            "telefoonnummer": message.callback_phone,
        },
        by=user,  # type: ignore[arg-type]  # workable_cases admits authenticated users only
        sender=sender,
    )
    if sent.status in SENT:
        record_attempt(
            user=user,
            case_id=case.pk,
            kind=ATTEMPT_KIND[message.channel],
            at=timezone.now(),
            reached=False,
            note=_("%(channel)s sent: %(template)s")
            % {"channel": message.channel.label, "template": message.template_key.label},
        )
    return sent


def record_case_opt_out(
    *, user: AnyUser, case_id: int, channel: Channel, address: str, reason: str = ""
) -> MessageOptOut:
    """The resident of this case wants no more messages on ``channel`` at ``address`` (audited)."""
    case = _workable(user, case_id)
    return record_opt_out(
        municipality=case.municipality,
        channel=channel,
        address=address,
        by=user,  # type: ignore[arg-type]  # workable_cases admits authenticated users only
        reason=reason,
    )
