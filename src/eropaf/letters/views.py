"""Making a letter from the case page, and opening a letter made earlier (recorded as viewed)."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from eropaf.accounts.roles import CASE_ROLES
from eropaf.accounts.selectors import require_role, teams_of
from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.cases.casework import WORKER_ROLES, workable_cases
from eropaf.core.errors import ApplicationError, NotPermitted
from eropaf.letters.kinds import LetterKind
from eropaf.letters.models import GeneratedLetter
from eropaf.letters.services import generate_letter


@require_POST
@require_role(WORKER_ROLES)
def make_letter(request: HttpRequest, case_id: int) -> HttpResponse:
    if not workable_cases(request.user).filter(pk=case_id).exists():
        raise Http404(_("This case does not exist or is not one of your teams' cases."))
    kind = request.POST.get("soort", "")
    if kind not in LetterKind.values:
        messages.error(request, _("Choose which letter or card you want to make."))
        return redirect("cases:detail", case_id=case_id)
    try:
        letter = generate_letter(case_id=case_id, kind=LetterKind(kind), user=request.user)
    except NotPermitted as error:
        raise Http404(error.message) from error
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("cases:detail", case_id=case_id)
    messages.success(
        request, _("%(title)s has been made and recorded as a contact attempt.") % {"title": letter.title}
    )
    return redirect("cases:detail", case_id=case_id)


@require_GET
@require_role(CASE_ROLES)
def letter_pdf(request: HttpRequest, letter_id: int) -> HttpResponse:
    with transaction.atomic():
        letter = (
            GeneratedLetter.objects.select_related("case__municipality")
            .filter(pk=letter_id, case__team_id__in=teams_of(request.user).values("pk"))
            .first()
        )
        if letter is None:
            raise Http404(_("This letter does not exist or does not belong to a case of your teams."))
        record_audit_event(
            actor=request.user,
            action=AuditAction.VIEW,
            subject_type="letter",
            subject_id=letter.pk,
            municipality_code=letter.case.municipality.code,
            case_ids=[letter.case_id],
            description=_("Letter opened: %(kind)s") % {"kind": letter.get_kind_display()},
        )
    with letter.pdf.open("rb") as pdf:
        response = HttpResponse(pdf.read(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="brief-{letter.case_id}-{letter.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
