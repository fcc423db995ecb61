"""``/brieven/rondes/``: the team lead starts the monthly letter batch and follows its progress.

The batch runs as background work (inline on the embedded default, a worker in production); the page
polls the list of batches while one waits or runs.
"""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from eropaf.accounts.roles import Role
from eropaf.accounts.selectors import require_role, teams_of
from eropaf.core.errors import ApplicationError
from eropaf.core.periods import format_period, parse_period, period_of
from eropaf.letters.batches import ACTIVE, start_letter_batch
from eropaf.letters.kinds import CARD_KINDS, LetterKind
from eropaf.letters.models import LetterBatch
from eropaf.organisations.models import Municipality

SELECT = {"class": "utrecht-select utrecht-select--html-select"}
SHOWN_BATCHES = 24


class BatchForm(forms.Form):
    gemeente = forms.ModelChoiceField(
        label=gettext_lazy("Municipality"),
        queryset=Municipality.objects.none(),
        widget=forms.Select(attrs=SELECT),
    )
    periode = forms.CharField(
        label=gettext_lazy("Month"),
        widget=forms.TextInput(
            attrs={"type": "month", "class": "utrecht-textbox utrecht-textbox--html-input"}
        ),
    )
    soort = forms.ChoiceField(
        label=gettext_lazy("Letter"),
        choices=[(kind.value, kind.label) for kind in LetterKind if kind not in CARD_KINDS],
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args: object, municipalities: "list[Municipality]", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["gemeente"].queryset = Municipality.objects.filter(  # type: ignore[attr-defined]
            pk__in=[municipality.pk for municipality in municipalities]
        )
        if len(municipalities) == 1:
            self.fields["gemeente"].initial = municipalities[0].pk
        self.fields["periode"].initial = format_period(period_of(timezone.localdate()))

    def clean_periode(self) -> object:
        try:
            return parse_period(self.cleaned_data["periode"])
        except ValueError as error:
            raise forms.ValidationError(_("Give a month as year and month, for example 2025-03.")) from error


def _municipalities(request: HttpRequest) -> list[Municipality]:
    led = teams_of(request.user, roles=frozenset({Role.TEAM_LEAD}))
    return list(Municipality.objects.filter(pk__in=led.values("municipality_id")).order_by("name"))


def _batches(request: HttpRequest) -> list[LetterBatch]:
    """The batches of the lead's municipalities that the lead (or their colleagues) started."""
    return list(
        LetterBatch.objects.filter(municipality__in=_municipalities(request))
        .select_related("municipality", "started_by")
        .order_by("-created_at", "-pk")[:SHOWN_BATCHES]
    )


def _page(request: HttpRequest, form: BatchForm, *, status: int = 200) -> HttpResponse:
    batches = _batches(request)
    context = {
        "form": form,
        "batches": batches,
        "any_active": any(batch.status in ACTIVE for batch in batches),
    }
    return render(request, "letters/batches.html", context, status=status)


@require_http_methods(["GET", "POST"])
@require_role(Role.TEAM_LEAD)
def batches(request: HttpRequest) -> HttpResponse:
    municipalities = _municipalities(request)
    if request.method == "GET":
        return _page(request, BatchForm(municipalities=municipalities))
    form = BatchForm(request.POST, municipalities=municipalities)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        batch = start_letter_batch(
            municipality=form.cleaned_data["gemeente"],
            period=form.cleaned_data["periode"],
            kind=LetterKind(form.cleaned_data["soort"]),
            started_by=request.user,  # type: ignore[arg-type]  # require_role admits users only
        )
    except ApplicationError as error:
        form.add_error(None, error.message)
        return _page(request, form, status=400)
    messages.success(
        request,
        _("The letter batch for %(month)s has been started.") % {"month": format_period(batch.period)},
    )
    return redirect("letters:batches")


@require_http_methods(["GET"])
@require_role(Role.TEAM_LEAD)
def batch_progress(request: HttpRequest) -> HttpResponse:
    """The list of batches alone, polled by the page while a batch waits or runs."""
    batches = _batches(request)
    context = {"batches": batches, "any_active": any(batch.status in ACTIVE for batch in batches)}
    return render(request, "letters/includes/batch_list.html", context)
