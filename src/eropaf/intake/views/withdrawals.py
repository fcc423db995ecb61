"""Withdrawing signals: the partner says an arrear was paid, so the signal leaves outreach."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import partners_of, require_role
from eropaf.intake import services
from eropaf.intake.forms import WithdrawalForm
from eropaf.intake.views.common import acting_user


@require_http_methods(["GET", "POST"])
@require_role(Role.PARTNER_USER)
def withdraw(request: HttpRequest) -> HttpResponse:
    form = WithdrawalForm(request.POST or None, partners=partners_of(request.user))
    if request.method != "POST":
        return render(request, "intake/withdraw.html", {"form": form, "portal_section": "withdraw"})
    if form.is_valid():
        reference = form.cleaned_data["referentie"].strip()
        count = services.withdraw_signals(
            partner=form.partner(),
            reference=reference,
            reason=form.cleaned_data["reden"],
            withdrawn_by=acting_user(request),
        )
        if count:
            messages.success(
                request,
                ngettext(
                    "%(count)s signal with reference %(reference)s was withdrawn.",
                    "%(count)s signals with reference %(reference)s were withdrawn.",
                    count,
                )
                % {"count": count, "reference": reference},
            )
            return redirect("intake:withdraw")
        form.add_error(
            "referentie",
            gettext(
                "There is no open signal with this reference: the reference is unknown, or its "
                "signals were withdrawn before. Check the reference as you delivered it."
            ),
        )
    return render(request, "intake/withdraw.html", {"form": form, "portal_section": "withdraw"}, status=400)
