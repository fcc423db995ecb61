"""The short forms of Signalering+: planning a consultation, a decision, an extra action, done."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eropaf.signalering_plus.rules import ActionKind, DecisionKind

SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
DATE = {**TEXT, "type": "date"}
AREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 2}


class ConsultationForm(forms.Form):
    team = forms.TypedChoiceField(label=_("Team"), coerce=int, widget=forms.Select(attrs=SELECT))
    woningcorporatie = forms.TypedChoiceField(
        label=_("Housing corporation"), coerce=int, widget=forms.Select(attrs=SELECT)
    )
    datum = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    contactpersoon = forms.CharField(
        label=_("Contact person of the corporation"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs=TEXT),
    )

    def __init__(
        self, *args: Any, teams: list[tuple[int, str]], corporations: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["team"]).choices = teams
        cast("forms.ChoiceField", self.fields["woningcorporatie"]).choices = corporations
        if not self.is_bound:
            self.initial.setdefault("datum", timezone.localdate())


class DecisionForm(forms.Form):
    besluit = forms.ChoiceField(
        label=_("Decision"), choices=DecisionKind.choices, widget=forms.Select(attrs=SELECT)
    )
    notitie = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs=AREA)
    )

    def decision(self) -> DecisionKind:
        return DecisionKind(self.cleaned_data["besluit"])


class ActionForm(forms.Form):
    actie = forms.ChoiceField(
        label=_("Action"), choices=ActionKind.choices, widget=forms.Select(attrs=SELECT)
    )
    eigenaar = forms.TypedChoiceField(
        label=_("Owner: a colleague"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs=SELECT),
    )
    andere_partij = forms.CharField(
        label=_("or a named party"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("For example the corporation's housing consultant or the neighbourhood team."),
    )
    uiterlijk = forms.DateField(label=_("Due by"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    notitie = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs=AREA)
    )

    def __init__(self, *args: Any, owners: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ChoiceField", self.fields["eigenaar"]).choices = [("", "–"), *owners]


class DoneForm(forms.Form):
    datum = forms.DateField(label=_("Done on"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
