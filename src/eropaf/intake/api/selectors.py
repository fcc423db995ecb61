"""Reads for a partner system: the own partner's deliveries, nothing else."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from eropaf.core.errors import NotPermitted
from eropaf.intake.models import Delivery
from eropaf.organisations.models import Partner

# Longer ids cannot be a delivery (and would overflow a database integer).
_MAX_ID_DIGITS = 18


def deliveries_of_partner(*, partner: Partner) -> QuerySet[Delivery]:
    """The partner's deliveries, newest first."""
    return Delivery.objects.filter(partner=partner).order_by("-received_at", "-id")


def get_delivery_of_partner(*, partner: Partner, delivery_id: str) -> Delivery:
    """One own delivery; NotPermitted for another partner's or a missing one, alike."""
    delivery = None
    if delivery_id.isascii() and delivery_id.isdigit() and len(delivery_id) <= _MAX_ID_DIGITS:
        delivery = Delivery.objects.filter(partner=partner, pk=int(delivery_id)).first()
    if delivery is None:
        raise NotPermitted(_("This delivery does not exist or is not one of your organisation's."))
    return delivery
