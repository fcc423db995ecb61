"""Uploading a delivery file in the portal, and following its processing.

The file is kept and processed in the background; the status page shows the stage and the rows
done, and refreshes itself (htmx) while the upload runs. Without JavaScript it works too: the
form is a normal POST and the status page has a link to look again.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import require_role
from eropaf.core.errors import NotPermitted
from eropaf.core.uploads import announced_length
from eropaf.intake import selectors, services
from eropaf.intake.forms import too_large_message
from eropaf.intake.models import Upload, UploadStatus
from eropaf.intake.views.common import acting_user
from eropaf.intake.views.deliveries import render_delivery_list, upload_form

# The request holds more than the file: the other fields and the multipart boundaries.
MULTIPART_ALLOWANCE_BYTES = 16 * 1024


# Checking the CSRF token reads the whole body; a file that is too large is refused before
# anything is read, and ``_receive_upload`` checks the token of every request it does read.
@csrf_exempt
@require_POST
@require_role(Role.PARTNER_USER)
def upload(request: HttpRequest) -> HttpResponse:
    limit = settings.DELIVERY_FILE_MAX_BYTES
    if announced_length(request.META) > limit + MULTIPART_ALLOWANCE_BYTES:
        return render_delivery_list(request, upload_error=too_large_message(limit), status=413)
    return _receive_upload(request)


@csrf_protect
def _receive_upload(request: HttpRequest) -> HttpResponse:
    form = upload_form(request, bound=True)
    if not form.is_valid():
        return render_delivery_list(request, form=form, status=400)
    file = form.cleaned_data["bestand"]
    started = services.start_upload(
        partner=form.partner(),
        submitted_by=acting_user(request),
        file_name=file.name or "",
        content=file.read(),
        requested_period=form.cleaned_data["periode"],
    )
    return redirect("intake:upload-status", upload_id=started.pk)


def _upload_for(request: HttpRequest, upload_id: int) -> Upload:
    try:
        return selectors.get_upload_for_user(user=request.user, upload_id=upload_id)
    except NotPermitted as error:
        raise Http404(error.message) from error


def _progress_context(upload: Upload) -> dict[str, object]:
    return {
        "upload": upload,
        "is_running": upload.status in {UploadStatus.QUEUED, UploadStatus.RUNNING},
    }


@never_cache
@require_GET
@require_role(Role.PARTNER_USER)
def upload_status(request: HttpRequest, upload_id: int) -> HttpResponse:
    upload = _upload_for(request, upload_id)
    return render(
        request, "intake/upload.html", {**_progress_context(upload), "portal_section": "deliveries"}
    )


@never_cache
@require_GET
@require_role(Role.PARTNER_USER)
def upload_progress(request: HttpRequest, upload_id: int) -> HttpResponse:
    """The progress fragment the status page polls; once the delivery is there, htmx goes to it."""
    upload = _upload_for(request, upload_id)
    response = render(request, "intake/includes/upload_progress.html", _progress_context(upload))
    is_htmx = request.headers.get("HX-Request") == "true"
    if is_htmx and upload.status == UploadStatus.DONE and upload.delivery_id:
        response["HX-Redirect"] = reverse("intake:detail", args=[upload.delivery_id])
    return response
