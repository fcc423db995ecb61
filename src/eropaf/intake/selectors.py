"""Reading deliveries for partner users: only their own partner's, never municipality-internal data."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from eropaf.accounts.selectors import AnyUser, partners_of
from eropaf.core.errors import NotPermitted
from eropaf.intake.models import Delivery, Signal
from eropaf.organisations.models import Partner

DELIVERIES_PER_PAGE = 25


@dataclass(frozen=True)
class DeliveryList:
    partners: list[Partner]
    page: Page[Delivery]


@dataclass(frozen=True)
class MunicipalityCount:
    code: str
    name: str
    accepted: int


@dataclass(frozen=True)
class DeliveryReport:
    delivery: Delivery
    per_municipality: list[MunicipalityCount]


def _deliveries_of(user: AnyUser) -> QuerySet[Delivery]:
    return Delivery.objects.filter(partner_id__in=partners_of(user).values("pk")).select_related("partner")


def list_deliveries_for_user(*, user: AnyUser, page: int = 1) -> DeliveryList:
    """The deliveries of the user's partner(s), newest first, one page at a time."""
    deliveries = _deliveries_of(user).order_by("-received_at", "-id")
    return DeliveryList(
        partners=list(partners_of(user).order_by("name")),
        page=Paginator(deliveries, DELIVERIES_PER_PAGE).get_page(page),
    )


def get_delivery_for_user(*, user: AnyUser, delivery_id: int) -> DeliveryReport:
    """One own delivery with its accepted signals counted per municipality; NotPermitted otherwise."""
    delivery = _deliveries_of(user).filter(pk=delivery_id).first()
    if delivery is None:
        raise NotPermitted(_("This delivery does not exist or is not one of your organisation's."))
    rows = (
        Signal.objects.filter(delivery=delivery)
        .order_by("municipality__name")
        .values("municipality__code", "municipality__name")
        .annotate(accepted=Count("id"))
    )
    return DeliveryReport(
        delivery=delivery,
        per_municipality=[
            MunicipalityCount(
                code=row["municipality__code"], name=row["municipality__name"], accepted=row["accepted"]
            )
            for row in rows
        ],
    )
