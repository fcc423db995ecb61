"""Sending an SMS or e-mail and recording an opt-out from the case page (POST, then back)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eropaf.accounts.selectors import require_role
from eropaf.cases.case_messages import SENT, record_case_opt_out, send_case_message
from eropaf.cases.casework import WORKER_ROLES
from eropaf.cases.message_forms import MessageForm, OptOutForm
from eropaf.cases.views import render_case
from eropaf.core.errors import ApplicationError
from eropaf.messaging.protocol import Channel


@require_POST
@require_role(WORKER_ROLES)
def send(request: HttpRequest, case_id: int) -> HttpResponse:
    form = MessageForm(request.POST)
    if not form.is_valid():
        return render_case(request, case_id, message_form=form, status=400)
    try:
        sent = send_case_message(user=request.user, case_id=case_id, message=form.message())
    except ApplicationError as error:
        form.add_error(None, error.message)
        return render_case(request, case_id, message_form=form, status=400)
    if sent.status not in SENT:
        form.add_error(None, sent.error)
        return render_case(request, case_id, message_form=form, status=400)
    messages.success(request, _("The message has been sent and recorded as a contact attempt."))
    return redirect("cases:detail", case_id=case_id)


@require_POST
@require_role(WORKER_ROLES)
def opt_out(request: HttpRequest, case_id: int) -> HttpResponse:
    form = OptOutForm(request.POST)
    if not form.is_valid():
        return render_case(request, case_id, opt_out_form=form, status=400)
    try:
        record_case_opt_out(
            user=request.user,
            case_id=case_id,
            channel=Channel(form.cleaned_data["kanaal"]),
            address=form.cleaned_data["adres"],
            reason=form.cleaned_data["reden"],
        )
    except ApplicationError as error:
        form.add_error(None, error.message)
        return render_case(request, case_id, opt_out_form=form, status=400)
    messages.success(request, _("Recorded: the resident gets no more messages at this address."))
    return redirect("cases:detail", case_id=case_id)
