"""Sending messages to residents and recording opt-outs. Every message, sent or refused, is recorded
in `SentMessage` with an audit event; addresses are kept only as keyed hashes."""

from collections.abc import Mapping

from django.db import transaction

from eropaf.accounts.models import User
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.core.errors import ApplicationError
from eropaf.messaging import texts
from eropaf.messaging.addresses import InvalidAddress, normalise_address
from eropaf.messaging.models import MessageOptOut, SentMessage
from eropaf.messaging.protocol import Channel, MessageSender, SendResult, SendStatus
from eropaf.messaging.rendering import render_message
from eropaf.messaging.selectors import get_template, hash_of, is_opted_out
from eropaf.messaging.senders import get_message_sender
from eropaf.organisations.models import Municipality


def record_opt_out(
    *, municipality: Municipality, channel: Channel, address: str, by: User, reason: str = ""
) -> MessageOptOut:
    """Records that the resident wants no more messages on this channel; recording it twice is harmless.

    Raises ApplicationError (Dutch) when the address is not a valid mobile number or e-mail address.
    """
    try:
        normalised = normalise_address(channel, address)
    except InvalidAddress as error:
        raise ApplicationError(error.message) from None
    with transaction.atomic():
        opt_out, created = MessageOptOut.objects.get_or_create(
            municipality=municipality,
            channel=channel,
            address_hash=hash_of(channel, normalised),
            defaults={"recorded_by": by, "reason": reason[:300]},
        )
        if created:
            record_audit_event(
                actor=by,
                action=AuditAction.CREATE,
                subject_type="message_opt_out",
                subject_id=opt_out.pk,
                municipality_code=municipality.code,
                description=f"Opt-out for {channel}",
            )
    return opt_out


def _refused(error: str) -> SendResult:
    return SendResult(provider="", status=SendStatus.REFUSED, error=error)


def send_message(
    *,
    municipality: Municipality,
    case_id: int,
    channel: Channel,
    template_key: str,
    address: str,
    personalisation: Mapping[str, str],
    by: User,
    sender: MessageSender | None = None,
) -> SentMessage:
    """Sends one message to a resident, unless they opted out, the address is invalid, there is no
    template or the template lacks values; then it is refused without contacting a provider.

    The returned record's `status` and Dutch `error` say what happened. Provider errors never raise.
    """
    message = SentMessage(
        municipality=municipality, case_id=case_id, channel=channel, template_key=template_key, sent_by=by
    )
    try:
        normalised = normalise_address(channel, address)
    except InvalidAddress as error:
        return _record(message, _refused(error.message))
    message.address_hash = hash_of(channel, normalised)
    if is_opted_out(municipality=municipality, channel=channel, hashed_address=message.address_hash):
        return _record(message, _refused(str(texts.OPTED_OUT[channel])))
    template = get_template(municipality=municipality, channel=channel, key=template_key)
    if template is None:
        return _record(message, _refused(str(texts.NO_TEMPLATE)))
    rendered = render_message(subject=template.subject, body=template.body, personalisation=personalisation)
    if rendered.missing:
        return _record(message, _refused(rendered.problem))
    sender = sender or get_message_sender(channel)
    text = template.as_text()
    reference = str(message.reference)
    if channel == Channel.SMS:
        result = sender.send_sms(
            phone_number=normalised, template=text, personalisation=personalisation, reference=reference
        )
    else:
        result = sender.send_email(
            email_address=normalised, template=text, personalisation=personalisation, reference=reference
        )
    return _record(message, result)


def _record(message: SentMessage, result: SendResult) -> SentMessage:
    message.provider = result.provider
    message.provider_id = result.provider_id
    message.status = result.status
    message.error = result.error[:300]
    with transaction.atomic():
        message.save()
        record_audit_event(
            actor=message.sent_by,
            action=AuditAction.CREATE,
            subject_type="message",
            subject_id=message.pk,
            municipality_code=message.municipality.code,
            case_ids=[message.case_id],
            description=f"{message.channel} {message.template_key}: {message.status}",
        )
    return message
