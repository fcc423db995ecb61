"""Reads for messaging: which template applies, and whether a resident opted out."""

from django.conf import settings
from django.db.models import Q

from eropaf.messaging.addresses import address_hash
from eropaf.messaging.models import MessageOptOut, MessageTemplate
from eropaf.messaging.protocol import Channel
from eropaf.organisations.models import Municipality

_DERIVED_KEY_SALT = b"eropaf.messaging.address-hash:"


def address_hash_key() -> bytes:
    """MESSAGING_ADDRESS_HASH_KEY, or a key derived from SECRET_KEY when that is not set. A dedicated
    key keeps opt-outs valid when SECRET_KEY is rotated."""
    configured = settings.MESSAGING_ADDRESS_HASH_KEY
    if configured:
        return str(configured).encode()
    return _DERIVED_KEY_SALT + str(settings.SECRET_KEY).encode()


def hash_of(channel: Channel, normalised_address: str) -> str:
    return address_hash(channel, normalised_address, key=address_hash_key())


def get_template(*, municipality: Municipality, channel: Channel, key: str) -> MessageTemplate | None:
    """The municipality's own template, else the national default, else None."""
    candidates = MessageTemplate.objects.filter(
        Q(municipality=municipality) | Q(municipality__isnull=True), kind=channel, key=key
    )
    own = [template for template in candidates if template.municipality_id is not None]
    return own[0] if own else next(iter(candidates), None)


def is_opted_out(*, municipality: Municipality, channel: Channel, hashed_address: str) -> bool:
    return MessageOptOut.objects.filter(
        municipality=municipality, channel=channel, address_hash=hashed_address
    ).exists()
