"""The simulation form: how many past months, and the workload norms (minutes per contact kind,
productive hours per FTE a month), prefilled with the municipality's norms."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from eropaf.core.vocabularies import ContactKind
from eropaf.triage.simulating import DEFAULT_MONTHS, MAX_MONTHS
from eropaf.triage.simulation import (
    MAX_HOURS_PER_FTE_MONTH,
    MAX_MINUTES,
    NormsInvalid,
    WorkloadNorms,
    norms_from_data,
)

_NUMBER = "utrecht-textbox utrecht-textbox--html-input utrecht-textbox--numeric"
MINUTES_PREFIX = "minuten_"


def _number(label: str, *, minimum: int, maximum: int, initial: int) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=maximum,
        initial=initial,
        widget=forms.NumberInput(attrs={"class": _NUMBER, "inputmode": "numeric"}),
    )


class SimulationForm(forms.Form):
    def __init__(self, *args: Any, norms: WorkloadNorms, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["maanden"] = _number(
            str(_("Past months")), minimum=1, maximum=MAX_MONTHS, initial=DEFAULT_MONTHS
        )
        self.fields["uren_per_fte"] = _number(
            str(_("Productive hours per FTE a month")),
            minimum=1,
            maximum=MAX_HOURS_PER_FTE_MONTH,
            initial=norms.hours_per_fte_month,
        )
        for kind in ContactKind:
            self.fields[f"{MINUTES_PREFIX}{kind.value}"] = _number(
                str(_("Minutes per %(kind)s") % {"kind": kind.label.lower()}),
                minimum=0,
                maximum=MAX_MINUTES,
                initial=norms.minutes_for(kind.value),
            )
        self.norms = norms

    def minute_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(MINUTES_PREFIX)]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        data = {
            "minutes": {kind.value: cleaned[f"{MINUTES_PREFIX}{kind.value}"] for kind in ContactKind},
            "hours_per_fte_month": cleaned["uren_per_fte"],
        }
        try:
            self.norms = norms_from_data(data)
        except NormsInvalid as invalid:
            for error in invalid.errors:
                self.add_error(None, error)
        return cleaned
