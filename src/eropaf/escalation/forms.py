"""Forms of the eviction-prevention pages; field names are the Dutch words users see in the URL/POST."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eropaf.core.forms import NlDesignForm
from eropaf.escalation.court import CourtStepKind, HousingArrangement
from eropaf.escalation.models import MoratoriumDecision, MoratoriumKind, Party
from eropaf.intake.normalise import address_key, normalise_postcode

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT_AREA = forms.Textarea(attrs={"rows": 3})


class CourtStepForm(NlDesignForm):
    stap = forms.ChoiceField(label=_("Step"), choices=CourtStepKind.choices)
    datum = forms.DateField(
        label=_("Date"),
        widget=DATE_INPUT,
        help_text=_("For a hearing or an eviction date: the day it takes place."),
    )
    notitie = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=TEXT_AREA)

    def kind(self) -> CourtStepKind:
        return CourtStepKind(self.cleaned_data["stap"])


class ProtectionForm(NlDesignForm):
    minderjarigen = forms.BooleanField(label=_("Minor children live in the household"), required=False)
    kwetsbaar = forms.BooleanField(label=_("Vulnerable household"), required=False)
    toelichting = forms.CharField(
        label=_("Why vulnerable"), required=False, max_length=2000, widget=TEXT_AREA
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("kwetsbaar") and not str(data.get("toelichting", "")).strip():
            self.add_error("toelichting", _("Say why the household is vulnerable."))
        return data


class HousingForm(NlDesignForm):
    woonoplossing = forms.ChoiceField(
        label=_("Where the household will live"),
        choices=[("", _("No arrangement yet")), *HousingArrangement.choices],
        required=False,
    )
    toelichting = forms.CharField(label=_("Details"), required=False, max_length=2000, widget=TEXT_AREA)


class MoratoriumRequestForm(NlDesignForm):
    soort = forms.ChoiceField(label=_("Kind"), choices=MoratoriumKind.choices)
    aangevraagd_op = forms.DateField(label=_("Requested on"), widget=DATE_INPUT, initial=timezone.localdate)
    notitie = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=TEXT_AREA)


class MoratoriumDecisionForm(NlDesignForm):
    besluit = forms.ChoiceField(
        label=_("Decision"),
        choices=[(MoratoriumDecision.GRANTED, MoratoriumDecision.GRANTED.label),
                 (MoratoriumDecision.REFUSED, MoratoriumDecision.REFUSED.label)],
    )  # fmt: skip
    besloten_op = forms.DateField(label=_("Decided on"), widget=DATE_INPUT)
    ingang = forms.DateField(label=_("First day"), widget=DATE_INPUT, required=False)
    einde = forms.DateField(label=_("Last day"), widget=DATE_INPUT, required=False)


class SupportTaskForm(NlDesignForm):
    wie = forms.ChoiceField(label=_("Who"), choices=Party.choices)
    wat = forms.CharField(label=_("What"), max_length=300)
    voor = forms.DateField(label=_("Before"), widget=DATE_INPUT, required=False)


class PartnerCourtStepForm(NlDesignForm):
    """A landlord names the household by its own signal reference; a bailiff by the address."""

    referentie = forms.CharField(label=_("Your reference of the signal"), max_length=64, required=False)
    gemeentecode = forms.CharField(label=_("Municipality code"), max_length=4, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=7, required=False)
    huisnummer = forms.IntegerField(label=_("House number"), min_value=1, required=False)
    huisletter = forms.CharField(label=_("House letter"), max_length=1, required=False)
    toevoeging = forms.CharField(label=_("Addition"), max_length=4, required=False)
    stap = forms.ChoiceField(label=_("Step"), choices=CourtStepKind.choices)
    datum = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    notitie = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=TEXT_AREA)

    def __init__(self, *args: Any, by_address: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.by_address = by_address
        hidden = (
            ("referentie",)
            if by_address
            else ("gemeentecode", "postcode", "huisnummer", "huisletter", "toevoeging")
        )
        for name in hidden:
            del self.fields[name]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if self.by_address:
            for name in ("gemeentecode", "postcode", "huisnummer"):
                if not data.get(name):
                    self.add_error(name, _("This field is required."))
            if data.get("postcode"):
                try:
                    data["postcode"] = normalise_postcode(str(data["postcode"]))
                except ValueError as error:
                    self.add_error("postcode", str(error))
        elif not str(data.get("referentie", "")).strip():
            self.add_error("referentie", _("This field is required."))
        day = data.get("datum")
        stap = data.get("stap")
        in_future = isinstance(day, dt.date) and day > timezone.localdate()
        if in_future and stap not in (CourtStepKind.HEARING, CourtStepKind.EVICTION_DATE):
            self.add_error("datum", _("This step has happened already: its date cannot lie in the future."))
        return data

    def kind(self) -> CourtStepKind:
        return CourtStepKind(self.cleaned_data["stap"])

    def address_key(self) -> str:
        data = self.cleaned_data
        return address_key(
            postcode=data["postcode"],
            house_number=data["huisnummer"],
            house_letter=data.get("huisletter") or "",
            addition=data.get("toevoeging") or "",
        )
