"""The two short forms on the case page: a contact attempt, and closing the case."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eropaf.cases.casework import Closing
from eropaf.cases.models import HelpKind, Referral
from eropaf.core.vocabularies import ContactKind, Outcome

SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
AREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}
# The kinds a case worker records; administrative and unknown are for imported history.
RECORDED_KINDS = [
    (kind.value, kind.label)
    for kind in ContactKind
    if kind not in {ContactKind.ADMINISTRATIVE, ContactKind.UNKNOWN}
]
CLOSING_OUTCOMES = [(outcome.value, outcome.label) for outcome in Outcome if not outcome.is_not_picked_up]


class AttemptForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Kind of contact"), choices=RECORDED_KINDS, widget=forms.Select(attrs=SELECT)
    )
    datum = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d")
    )
    tijd = forms.TimeField(
        label=_("Time"), widget=forms.TimeInput(attrs={**TEXT, "type": "time"}, format="%H:%M")
    )
    bereikt = forms.TypedChoiceField(
        label=_("Reached"),
        choices=[("nee", _("not reached")), ("ja", _("reached"))],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
        initial="nee",
    )
    notitie = forms.CharField(
        label=_("Result"), required=False, max_length=4000, widget=forms.Textarea(attrs=AREA)
    )

    @classmethod
    def now(cls) -> "AttemptForm":
        moment = timezone.localtime()
        return cls(initial={"datum": moment.date(), "tijd": moment.time().replace(second=0, microsecond=0)})

    def moment(self) -> dt.datetime:
        combined = dt.datetime.combine(self.cleaned_data["datum"], self.cleaned_data["tijd"])
        return timezone.make_aware(combined)


class ClosingForm(forms.Form):
    resultaat = forms.ChoiceField(
        label=_("Result"), choices=CLOSING_OUTCOMES, widget=forms.Select(attrs=SELECT)
    )
    hulp = forms.ChoiceField(
        label=_("Kind of help"),
        required=False,
        choices=[("", "–"), *HelpKind.choices],
        widget=forms.Select(attrs=SELECT),
    )
    verwijzing = forms.ChoiceField(
        label=_("Referred to"),
        required=False,
        choices=[("", "–"), *Referral.choices],
        widget=forms.Select(attrs=SELECT),
    )
    ontvangend_team = forms.CharField(
        label=_("Receiving team"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXT)
    )
    notitie = forms.CharField(
        label=_("Closing note"), required=False, max_length=4000, widget=forms.Textarea(attrs=AREA)
    )
    reden_afwijking = forms.CharField(
        label=_("Why close before the protocol is complete (team lead)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs=AREA),
    )

    def closing(self) -> Closing:
        data: dict[str, Any] = self.cleaned_data
        return Closing(
            outcome=Outcome(data["resultaat"]),
            note=data["notitie"],
            help_kind=HelpKind(data["hulp"]) if data["hulp"] else None,
            referral=Referral(data["verwijzing"]) if data["verwijzing"] else None,
            referral_team=data["ontvangend_team"],
            override_reason=data["reden_afwijking"],
        )
