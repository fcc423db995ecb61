"""The filters above the case list. Invalid values fall back to the defaults and show an error."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eropaf.cases.list_options import CaseOrder, Classification
from eropaf.cases.selectors import CaseListFilters
from eropaf.cases.workflow import CaseState
from eropaf.core.periods import parse_period, period_of
from eropaf.core.vocabularies import PartnerType, Priority


class CaseListFilterForm(forms.Form):
    periode = forms.CharField(
        label=_("Month"),
        required=False,
        widget=forms.TextInput(
            attrs={"type": "month", "class": "utrecht-textbox utrecht-textbox--html-input app-month"}
        ),
    )
    status = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *CaseState.choices],
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    mijn = forms.BooleanField(
        label=_("Only cases assigned to me"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )
    werkbak = forms.CharField(
        label=_("Work queue"),
        required=False,
        max_length=60,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    prioriteit = forms.ChoiceField(
        label=_("Priority"),
        required=False,
        choices=[("", _("All priorities")), *Priority.choices],
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    te_laat = forms.BooleanField(
        label=_("Overdue cases of every month"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )
    klasse = forms.ChoiceField(
        label=_("Classification"),
        required=False,
        choices=[("", _("All classifications")), *Classification.choices],
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    wijk = forms.CharField(
        label=_("District"),
        required=False,
        max_length=20,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    soort = forms.ChoiceField(
        label=_("Partner type"),
        required=False,
        choices=[("", _("All partner types")), *PartnerType.choices],
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    sorteer = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=CaseOrder.choices,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
    )
    pagina = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def clean_periode(self) -> dt.date | None:
        text = self.cleaned_data.get("periode") or ""
        if not text:
            return None
        try:
            return parse_period(text)
        except ValueError as error:
            raise forms.ValidationError(_("Give a month as year and month, for example 2025-03.")) from error

    def filters(self) -> CaseListFilters:
        """The filters to apply; call after ``is_valid()``. Missing or invalid values use defaults."""
        data = getattr(self, "cleaned_data", {})
        state = data.get("status")
        return CaseListFilters(
            period=data.get("periode") or period_of(timezone.localdate()),
            state=CaseState(state) if state else None,
            mine_only=bool(data.get("mijn")),
            page=data.get("pagina") or 1,
            queue=data.get("werkbak") or "",
            priority=data.get("prioriteit") or "",
            overdue_only=bool(data.get("te_laat")),
            classification=data.get("klasse") or "",
            district=data.get("wijk") or "",
            partner_type=data.get("soort") or "",
            order=CaseOrder(data.get("sorteer") or CaseOrder.DUE_DATE),
        )
