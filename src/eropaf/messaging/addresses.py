"""Phone numbers and e-mail addresses: normalised for sending, and hashed for storing.

Pure logic: no models, no settings. Eropaf stores an address only as a keyed hash (HMAC-SHA256), so
an opt-out can be honoured and a message traced without keeping the number or address itself.
"""

import hashlib
import hmac
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from eropaf.messaging import texts
from eropaf.messaging.protocol import Channel

_SEPARATORS = re.compile(r"[\s\-./()]")
# 06 followed by eight digits; 066 numbers are pagers, which cannot receive a text message.
_MOBILE = re.compile(r"6[0-57-9]\d{7}")


class InvalidAddress(ValueError):
    """`message` is Dutch and safe to show: it never repeats the number or address."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def normalise_phone_number(raw: str) -> str:
    """A Dutch mobile number (06…, +316…, 00316…, +31 (0)6…) in E.164: ``+316XXXXXXXX``."""
    compact = _SEPARATORS.sub("", raw.replace("(0)", ""))
    if compact.startswith("+31"):
        national = compact[3:]
    elif compact.startswith("0031"):
        national = compact[4:]
    elif compact.startswith("0"):
        national = compact[1:]
    else:
        raise InvalidAddress(str(texts.INVALID_PHONE_NUMBER))
    if not _MOBILE.fullmatch(national):
        raise InvalidAddress(str(texts.INVALID_PHONE_NUMBER))
    return f"+31{national}"


def normalise_email_address(raw: str) -> str:
    """Trimmed and in lower case: mail systems treat addresses without regard to case in practice,
    and an opt-out must not be escaped by writing ``Jan@`` instead of ``jan@``."""
    address = raw.strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise InvalidAddress(str(texts.INVALID_EMAIL_ADDRESS)) from None
    return address


def normalise_address(channel: Channel, raw: str) -> str:
    if channel == Channel.SMS:
        return normalise_phone_number(raw)
    return normalise_email_address(raw)


def address_hash(channel: Channel, normalised: str, *, key: bytes) -> str:
    """The keyed hash stored instead of the address; without the key it cannot be guessed back."""
    return hmac.new(key, f"{channel}:{normalised}".encode(), hashlib.sha256).hexdigest()
