"""The messages case workers see when a message could not be sent (English source strings, shown in
Dutch through gettext). None holds personal data."""

from django.utils.translation import gettext_lazy as _

OPTED_OUT = {
    "sms": _("The resident has opted out of SMS."),
    "email": _("The resident has opted out of e-mail."),
}
SMS_NOT_CONFIGURED = _("SMS has not been set up for this municipality.")
EMAIL_NOT_CONFIGURED = _("E-mail has not been set up for this municipality.")
SMS_NOT_BY_EMAIL = _("An SMS cannot be sent through the mail server.")
INVALID_PHONE_NUMBER = _("This is not a valid Dutch mobile number (06…).")
INVALID_EMAIL_ADDRESS = _("This is not a valid e-mail address.")
NO_TEMPLATE = _("There is no template for this message.")
NO_NOTIFY_TEMPLATE = _("This template has no NotifyNL template id; fill that in first.")
MISSING_PLACEHOLDERS = _("Missing data for the template: %(names)s.")

NOTIFY_INVALID_PHONE_NUMBER = _("NotifyNL refused the message: the phone number is invalid.")
NOTIFY_INVALID_EMAIL_ADDRESS = _("NotifyNL refused the message: the e-mail address is invalid.")
NOTIFY_UNKNOWN_TEMPLATE = _("NotifyNL does not know the template of this message.")
NOTIFY_MISSING_PERSONALISATION = _("NotifyNL refused the message: data for the template is missing.")
NOTIFY_BAD_REQUEST = _("NotifyNL refused the message: the data is not correct.")
NOTIFY_FORBIDDEN = _("NotifyNL refused access: check the API key and the server's clock.")
NOTIFY_RATE_LIMITED = _("NotifyNL is receiving too many messages right now; try again later.")
NOTIFY_UNAVAILABLE = _("NotifyNL is temporarily unavailable; try again later.")
NOTIFY_TIMEOUT = _("NotifyNL did not answer in time; check later whether the message was sent.")
NOTIFY_UNREACHABLE = _("NotifyNL cannot be reached; the message has not been sent.")
NOTIFY_UNREADABLE = _("NotifyNL gave an unreadable answer; check later whether the message was sent.")
NOTIFY_REFUSED = _("NotifyNL refused the message (HTTP %(status)s).")
NOTIFY_NOT_FOUND = _("NotifyNL does not know this message.")
NOTIFY_PERMANENT_FAILURE = _("The message could not be delivered: the number or address does not exist.")
NOTIFY_TEMPORARY_FAILURE = _("The message could not be delivered: the phone was off or the mailbox was full.")
NOTIFY_TECHNICAL_FAILURE = _("The message was not sent because of a technical error at NotifyNL.")

SMTP_FAILED = _("The mail server refused the message or could not be reached.")
