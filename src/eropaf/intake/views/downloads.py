"""The rejected rows of a delivery as CSV or XLSX, to correct and deliver again.

The rows hold personal data as the partner sent it, so every download is recorded as an export,
in the same transaction as the read.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import require_role
from eropaf.core.errors import NotPermitted
from eropaf.intake.services import SheetFormat, export_rejected_rows


def _download(request: HttpRequest, delivery_id: int, sheet_format: SheetFormat) -> HttpResponse:
    try:
        exported = export_rejected_rows(user=request.user, delivery_id=delivery_id, sheet_format=sheet_format)
    except NotPermitted as error:
        raise Http404(error.message) from error
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
    return response


@never_cache
@require_GET
@require_role(Role.PARTNER_USER)
def rejected_rows_as_csv(request: HttpRequest, delivery_id: int) -> HttpResponse:
    return _download(request, delivery_id, SheetFormat.CSV)


@never_cache
@require_GET
@require_role(Role.PARTNER_USER)
def rejected_rows_as_xlsx(request: HttpRequest, delivery_id: int) -> HttpResponse:
    return _download(request, delivery_id, SheetFormat.XLSX)
