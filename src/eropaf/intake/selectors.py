"""Reading deliveries, uploads and API keys for partner users: only their own partner's, never
municipality-internal data. Every fetch of one object authorises in the same query, and an object
of another partner raises ``NotPermitted`` exactly like a missing one."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from eropaf.accounts.api_tokens import get_token_of_partner, tokens_of_partner
from eropaf.accounts.models import PartnerApiToken
from eropaf.accounts.selectors import AnyUser, partners_of
from eropaf.core.errors import NotPermitted
from eropaf.core.periods import shift_months
from eropaf.intake.calendar import default_period
from eropaf.intake.exports import RejectedRowOut
from eropaf.intake.fields import canonical_field
from eropaf.intake.models import Delivery, RejectedRow, Upload, UploadStatus
from eropaf.intake.reports import MunicipalityCount, municipality_counts
from eropaf.organisations.models import Partner

DELIVERIES_PER_PAGE = 25
REJECTED_ROWS_PER_PAGE = 50
# Uploads that did not become a delivery (yet) stay on the deliveries page this long.
RECENT_UPLOAD_DAYS = 14
RECENT_UPLOADS_SHOWN = 10
_UNFINISHED_OR_REFUSED = (
    UploadStatus.QUEUED,
    UploadStatus.RUNNING,
    UploadStatus.REFUSED,
    UploadStatus.FAILED,
)
_DEFAULT_CUTOFF_DAY = 25
# A larger id cannot be a row (and would overflow the database's integer).
_MAX_ID = 2**63 - 1


@dataclass(frozen=True)
class DeliveryList:
    partners: list[Partner]
    page: Page[Delivery]
    uploads: list[Upload]
    """Recent uploads that are still being processed, or were refused or failed."""


@dataclass(frozen=True)
class RowProblem:
    field: str
    message: str


@dataclass(frozen=True)
class RejectedLine:
    row_number: int
    reference: str
    """The row's ``referentie`` as delivered (may be empty or anything at all: escape it)."""
    problems: list[RowProblem]


@dataclass(frozen=True)
class DeliveryReportPage:
    """The delivery report as the portal pages it: one page of rejected rows at a time."""

    delivery: Delivery
    per_municipality: tuple[MunicipalityCount, ...]
    rejected_page: Page[RejectedRow]
    rejected_lines: list[RejectedLine]

    @property
    def warnings(self) -> list[str]:
        return [str(warning) for warning in self.delivery.warnings]


@dataclass(frozen=True)
class TokenRow:
    token: PartnerApiToken
    state: str
    """``active``, ``expired`` or ``revoked``."""


@dataclass(frozen=True)
class PartnerTokens:
    partner: Partner
    rows: list[TokenRow]


def _deliveries_of(user: AnyUser) -> QuerySet[Delivery]:
    return Delivery.objects.filter(partner_id__in=partners_of(user).values("pk")).select_related("partner")


def deliveries_of_partner(*, partner: Partner) -> QuerySet[Delivery]:
    """A partner system's own deliveries, newest first (the partner API)."""
    return Delivery.objects.filter(partner=partner).order_by("-received_at", "-id")


def get_delivery_of_partner(*, partner: Partner, delivery_id: str) -> Delivery:
    """One delivery of a partner system, by the id in its URL; NotPermitted for another partner's,
    a missing or a malformed id, alike."""
    delivery = None
    if (
        delivery_id.isascii()
        and delivery_id.isdigit()
        and len(delivery_id) <= 19
        and int(delivery_id) <= _MAX_ID
    ):
        delivery = deliveries_of_partner(partner=partner).filter(pk=int(delivery_id)).first()
    if delivery is None:
        raise NotPermitted(_("This delivery does not exist or is not one of your organisation's."))
    return delivery


def _uploads_of(user: AnyUser) -> QuerySet[Upload]:
    # The file's bytes can be large and are never shown: never load them for a page.
    return (
        Upload.objects.filter(partner_id__in=partners_of(user).values("pk"))
        .select_related("partner")
        .defer("content")
    )


def list_deliveries_for_user(*, user: AnyUser, page: int = 1) -> DeliveryList:
    """The deliveries of the user's partner(s), newest first, one page at a time, with the recent
    uploads that did not become a delivery (yet)."""
    deliveries = _deliveries_of(user).order_by("-received_at", "-id")
    since = timezone.now() - dt.timedelta(days=RECENT_UPLOAD_DAYS)
    uploads = _uploads_of(user).filter(status__in=_UNFINISHED_OR_REFUSED, created_at__gte=since)
    return DeliveryList(
        partners=list(partners_of(user).order_by("name")),
        page=Paginator(deliveries, DELIVERIES_PER_PAGE).get_page(page),
        uploads=list(uploads.order_by("-created_at", "-id")[:RECENT_UPLOADS_SHOWN]),
    )


def get_own_delivery(*, user: AnyUser, delivery_id: int) -> Delivery:
    """One delivery of the user's partner(s); NotPermitted for any other id."""
    delivery = _deliveries_of(user).filter(pk=delivery_id).first() if delivery_id <= _MAX_ID else None
    if delivery is None:
        raise NotPermitted(_("This delivery does not exist or is not one of your organisation's."))
    return delivery


def _reference_header(headers: list[str]) -> str | None:
    return next((header for header in headers if canonical_field(header) == "referentie"), None)


def get_delivery_for_user(*, user: AnyUser, delivery_id: int, rejected_page: int = 1) -> DeliveryReportPage:
    """One own delivery with its accepted signals counted per municipality and one page of its
    rejected rows; NotPermitted otherwise."""
    delivery = get_own_delivery(user=user, delivery_id=delivery_id)
    page = Paginator(
        RejectedRow.objects.filter(delivery=delivery).order_by("row_number"), REJECTED_ROWS_PER_PAGE
    ).get_page(rejected_page)
    reference_header = _reference_header([str(header) for header in delivery.headers])
    return DeliveryReportPage(
        delivery=delivery,
        per_municipality=municipality_counts(delivery),
        rejected_page=page,
        rejected_lines=[
            RejectedLine(
                row_number=row.row_number,
                reference=str(row.values.get(reference_header, "")) if reference_header else "",
                problems=[
                    RowProblem(field=str(error.get("field", "")), message=str(error.get("message", "")))
                    for error in row.errors
                ],
            )
            for row in page.object_list
        ],
    )


def rejected_rows_for_export(*, delivery: Delivery) -> tuple[list[str], Iterator[RejectedRowOut]]:
    """The delivery's headers as the partner sent them and its rejected rows in row order, in the
    shape the spreadsheet exports take. The delivery must already be authorised."""
    headers = [str(header) for header in delivery.headers]
    rows = (
        RejectedRowOut(
            row_number=row.row_number,
            values={str(key): "" if value is None else str(value) for key, value in row.values.items()},
            message=row.message,
        )
        for row in RejectedRow.objects.filter(delivery=delivery).order_by("row_number").iterator(2_000)
    )
    return headers, rows


def get_upload_for_user(*, user: AnyUser, upload_id: int) -> Upload:
    """One upload of the user's partner(s), without its file; NotPermitted for any other id."""
    upload = _uploads_of(user).filter(pk=upload_id).first() if upload_id <= _MAX_ID else None
    if upload is None:
        raise NotPermitted(_("This upload does not exist or is not one of your organisation's."))
    return upload


def upload_periods_for_user(*, user: AnyUser, today: dt.date | None = None) -> list[dt.date]:
    """The periods a partner may name for an upload: the open period and the one after it."""
    today = today or timezone.localdate()
    periods: set[dt.date] = set()
    for partner in partners_of(user).prefetch_related("municipalities"):
        cutoffs = [municipality.delivery_cutoff_day for municipality in partner.municipalities.all()]
        open_period = default_period(today, min(cutoffs, default=_DEFAULT_CUTOFF_DAY))
        periods.update({open_period, shift_months(open_period, 1)})
    return sorted(periods)


def _token_state(token: PartnerApiToken, now: dt.datetime) -> str:
    if token.revoked_at is not None:
        return "revoked"
    if token.expires_at is not None and token.expires_at <= now:
        return "expired"
    return "active"


def tokens_for_user(*, user: AnyUser) -> list[PartnerTokens]:
    """The API keys of each of the user's partners, newest first."""
    now = timezone.now()
    return [
        PartnerTokens(
            partner=partner,
            rows=[
                TokenRow(token=token, state=_token_state(token, now))
                for token in tokens_of_partner(partner=partner)
            ],
        )
        for partner in partners_of(user).order_by("name")
    ]


def get_token_for_user(*, user: AnyUser, token_id: int) -> PartnerApiToken:
    """One API key of the user's partner(s); NotPermitted for any other id."""
    if token_id <= _MAX_ID:
        for partner in partners_of(user):
            try:
                return get_token_of_partner(partner=partner, token_id=token_id)
            except NotPermitted:
                continue
    raise NotPermitted(_("This key does not exist or is not one of your organisation's."))
