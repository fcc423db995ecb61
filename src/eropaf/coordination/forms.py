"""The Regieteam's forms: the case form (landlord and staff), a meeting, the agenda, the decision.

The forms only parse; whether a case form or a decision is complete is decided by
``coordination.rules`` (through the services), so the same Dutch messages reach every channel.
"""

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from eropaf.accounts.models import Team
from eropaf.coordination.models import CaseForm
from eropaf.coordination.rules import (
    CONDITIONS,
    AdministrationAdvice,
    AgendaReason,
    CaseFormDraft,
    ConditionStatus,
    DecisionDraft,
    Scenario,
)
from eropaf.escalation.court import HousingArrangement
from eropaf.intake.forms import PartnerChoiceForm

SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
DATE = {**TEXT, "type": "date"}
AREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}
CHECK = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d")
    )


def _text(label: Any, *, required: bool = False, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, max_length=4000, widget=forms.Textarea(attrs={**AREA, "rows": rows})
    )


def _check(label: Any) -> forms.BooleanField:
    return forms.BooleanField(label=label, required=False, widget=forms.CheckboxInput(attrs=CHECK))


class CaseFormFields(forms.Form):
    geprobeerd = _text(_("What was tried before"), required=True, rows=4)
    onvoldoende = _text(_("Why it was not enough"), required=True, rows=4)
    minderjarigen = _check(_("Family with minor children"))
    multiprobleem = _check(_("Multi-problem household"))
    kwetsbaar = _check(_("Vulnerable household"))
    overlast = _check(_("Housing nuisance"))
    achterstand = forms.DecimalField(
        label=_("Rent arrear (euros)"),
        min_value=Decimal(0),
        max_digits=10,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}),
    )
    zitting = _date(_("Expected court date"), required=False)
    geinformeerd = forms.BooleanField(
        label=_("The tenant has been informed that the case goes to the Regieteam"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECK),
    )

    def draft(self) -> CaseFormDraft:
        data = self.cleaned_data
        return CaseFormDraft(
            tried_before=data["geprobeerd"],
            why_not_enough=data["onvoldoende"],
            has_minors=data["minderjarigen"],
            is_multi_problem=data["multiprobleem"],
            is_vulnerable=data["kwetsbaar"],
            has_housing_nuisance=data["overlast"],
            arrear_cents=int(data["achterstand"] * 100),
            expected_court_on=data["zitting"],
            tenant_informed=data["geinformeerd"],
        )


class LandlordCaseForm(PartnerChoiceForm, CaseFormFields):
    referentie = forms.CharField(
        label=_("Your reference of the tenant's signal"),
        max_length=64,
        widget=forms.TextInput(attrs=TEXT),
        help_text=_("The reference you delivered the rent signal with."),
    )
    field_order = ["partner", "referentie"]


class MeetingForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Regieteam"),
        queryset=Team.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs=SELECT),
    )
    datum = _date(_("Date"))
    notitie = forms.CharField(
        label=_("Note"), required=False, max_length=300, widget=forms.TextInput(attrs=TEXT)
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams.order_by("name")  # type: ignore[attr-defined]


class AgendaForm(forms.Form):
    casus = forms.ModelChoiceField(
        label=_("Case form"),
        queryset=CaseForm.objects.none(),
        empty_label=_("Choose a case"),
        widget=forms.Select(attrs=SELECT),
    )
    reden = forms.ChoiceField(
        label=_("Why on the agenda"),
        choices=AgendaReason.choices,
        initial=AgendaReason.FIRST,
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args: Any, candidates: QuerySet[CaseForm], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["casus"]
        field.queryset = candidates  # type: ignore[attr-defined]
        field.label_from_instance = lambda form: (  # type: ignore[attr-defined]
            f"{form.track.address or form.track} · {form.get_status_display()} · {form.filed_on:%d-%m-%Y}"
        )


CONDITION_FIELDS = {
    "rent_paid": "voorwaarde_huur",
    "cooperation": "voorwaarde_medewerking",
    "insight": "voorwaarde_inzicht",
    "payment_proposal": "voorwaarde_betaalvoorstel",
}
_NOT_ADDRESSED = [("", "–")]


def _condition(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[*_NOT_ADDRESSED, *ConditionStatus.choices],
        widget=forms.Select(attrs=SELECT),
    )


class DecisionForm(forms.Form):
    scenario = forms.ChoiceField(label=_("Decision"), choices=Scenario.choices, widget=forms.RadioSelect)
    casemanager = forms.CharField(
        label=_("Case manager (name and organisation)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=TEXT),
    )
    # Scenario 1
    opgeschort = _check(_("The landlord suspends the eviction"))
    bevroren = _check(_("The arrear is frozen"))
    termijn = _date(_("Agreed term ends on"), required=False)
    voorwaarde_huur = _condition(dict(CONDITIONS)["rent_paid"])
    voorwaarde_medewerking = _condition(dict(CONDITIONS)["cooperation"])
    voorwaarde_inzicht = _condition(dict(CONDITIONS)["insight"])
    voorwaarde_betaalvoorstel = _condition(dict(CONDITIONS)["payment_proposal"])
    bewind = forms.ChoiceField(
        label=_("Protective administration (bewindvoering)"),
        required=False,
        choices=[*_NOT_ADDRESSED, *AdministrationAdvice.choices],
        widget=forms.Select(attrs=SELECT),
    )
    # Scenario 2
    eigen_netwerk = _text(_("What the household can arrange itself or in its own network"))
    woonoplossing = forms.ChoiceField(
        label=_("Crisis place or other housing"),
        required=False,
        choices=[("", _("Not needed")), *HousingArrangement.choices],
        widget=forms.Select(attrs=SELECT),
    )
    woonoplossing_toelichting = _text(_("Housing arrangement, details"), rows=2)
    jeugdbescherming = _check(_("Youth protection is involved"))
    # Both
    meldpunt = _check(_("Refer to the Meldpunt Bijzondere Zorg"))
    meldpunt_toelichting = _text(_("Referral, note"), rows=2)
    notitie = _text(_("Notes of the Regieteam"))

    def draft(self) -> DecisionDraft:
        data = self.cleaned_data
        return DecisionDraft(
            scenario=Scenario(data["scenario"]),
            case_manager=data["casemanager"],
            eviction_suspended=data["opgeschort"],
            arrear_frozen=data["bevroren"],
            term_ends_on=data["termijn"],
            conditions={key: data[name] for key, name in CONDITION_FIELDS.items()},
            administration_advice=data["bewind"],
            own_arrangements=data["eigen_netwerk"],
            housing_arrangement=data["woonoplossing"],
            housing_note=data["woonoplossing_toelichting"],
            youth_protection_involved=data["jeugdbescherming"],
            care_desk_referral=data["meldpunt"],
            care_desk_note=data["meldpunt_toelichting"],
            note=data["notitie"],
        )
