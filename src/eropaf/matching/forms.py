from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eropaf.core.periods import format_period, parse_period, period_of, shift_months
from eropaf.organisations.models import Municipality


def last_period() -> str:
    """Matching usually runs for the month that just ended."""
    return format_period(shift_months(period_of(timezone.localdate()), -1))


class StartRunForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), to_field_name="code", empty_label=None
    )
    period = forms.CharField(
        label=_("Matching period"),
        help_text=_("The month whose signals are matched, as YYYY-MM."),
        widget=forms.TextInput(
            attrs={"type": "month", "class": "utrecht-textbox utrecht-textbox--html-input"}
        ),
    )

    def __init__(self, *args: object, municipalities: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["municipality"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 — declared above
        field.queryset = municipalities  # type: ignore[assignment]
        if not self.is_bound:
            self.initial.setdefault("period", last_period())

    def clean_period(self) -> object:
        try:
            return parse_period(self.cleaned_data["period"])
        except ValueError as error:
            raise forms.ValidationError(_("Give the month as YYYY-MM, for example 2026-10.")) from error


class ConfirmCandidateForm(forms.Form):
    bsn = forms.CharField(max_length=9, min_length=9)


class WindowsForm(forms.Form):
    consecutive_months = forms.IntegerField(
        label=_("Consecutive: months looked back"),
        min_value=1,
        max_value=24,
        help_text=_(
            "A signal on the address in this many previous months makes a case consecutive (Divosa: 6)."
        ),
    )
    persistent_months = forms.IntegerField(
        label=_("Persistent: months in a row"),
        min_value=2,
        max_value=12,
        help_text=_(
            "Signals in each of this many months, this one included, make a case persistent (default 3)."
        ),
    )
    repeat_months = forms.IntegerField(
        label=_("Same arrear: months looked back"),
        min_value=1,
        max_value=24,
        help_text=_(
            "How far back an earlier signal of the same arrear is looked for to call a signal rising or "
            "a repeat (default 6)."
        ),
    )
