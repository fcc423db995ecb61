"""The partner portal's forms: upload a delivery, withdraw signals, make an API key.

A user who delivers for several partners chooses the partner in each form; a user of one partner
never sees the choice. The choice is limited to the user's own partners, so it authorises too.
"""

import datetime as dt
import math
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eropaf.core.periods import format_period, parse_period
from eropaf.organisations.models import Partner

_TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
_SPREADSHEETS = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SELECT = "utrecht-select utrecht-select--html-select"
MEGABYTE = 1024 * 1024


def megabytes(size: int) -> str:
    """A byte count as megabytes for people: ``200``, or ``0,5`` below a megabyte."""
    value = size / MEGABYTE
    if value >= 1 or size == 0:
        return formats.number_format(value, decimal_pos=0)
    return formats.number_format(math.ceil(value * 10) / 10, decimal_pos=1)


def too_large_message(max_bytes: int) -> str:
    return gettext(
        "The file is larger than %(limit)s MB. Split it into smaller files, or deliver through the API."
    ) % {"limit": megabytes(max_bytes)}


class PartnerChoiceForm(forms.Form):
    """Adds a partner choice when the user delivers for more than one partner."""

    def __init__(self, *args: Any, partners: QuerySet[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = list(partners.order_by("name"))
        self._only_partner = choices[0] if len(choices) == 1 else None
        if self._only_partner is None:
            self.fields = {
                "partner": forms.ModelChoiceField(
                    label=_("Partner"),
                    queryset=partners.order_by("name"),
                    empty_label=_("Choose a partner"),
                    widget=forms.Select(attrs={"class": _SELECT}),
                ),
                **self.fields,
            }

    @property
    def chooses_partner(self) -> bool:
        return "partner" in self.fields

    def partner(self) -> Partner:
        """The partner acted for; call after ``is_valid()``."""
        if self._only_partner is not None:
            return self._only_partner
        chosen: Partner = self.cleaned_data["partner"]
        return chosen


class DeliveryUploadForm(PartnerChoiceForm):
    bestand = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"class": "app-file-input", "accept": _SPREADSHEETS}),
    )
    periode = forms.ChoiceField(
        label=_("Matching period"), required=False, widget=forms.Select(attrs={"class": _SELECT})
    )

    def __init__(
        self, *args: Any, partners: QuerySet[Partner], periods: list[dt.date], max_bytes: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, partners=partners, **kwargs)
        self.max_bytes = max_bytes
        self.fields["bestand"].help_text = gettext("CSV or XLSX, at most %(limit)s MB.") % {
            "limit": megabytes(max_bytes)
        }
        period_field = self.fields["periode"]
        if isinstance(period_field, forms.ChoiceField):
            period_field.choices = [
                ("", gettext("The open period")),
                *((format_period(period), formats.date_format(period, "F Y")) for period in periods),
            ]

    def clean_bestand(self) -> UploadedFile[bytes]:
        file: UploadedFile[bytes] = self.cleaned_data["bestand"]
        if file.size is not None and file.size > self.max_bytes:
            raise forms.ValidationError(too_large_message(self.max_bytes), code="too_large")
        return file

    def clean_periode(self) -> dt.date | None:
        text = self.cleaned_data.get("periode") or ""
        return parse_period(text) if text else None


class WithdrawalForm(PartnerChoiceForm):
    referentie = forms.CharField(
        label=_("Reference"),
        max_length=64,
        widget=forms.TextInput(attrs={"class": _TEXTBOX, "autocomplete": "off"}),
    )
    reden = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("For example: arrears paid."),
        widget=forms.TextInput(attrs={"class": _TEXTBOX}),
    )


class ApiTokenForm(PartnerChoiceForm):
    naam = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Which system uses this key."),
        widget=forms.TextInput(attrs={"class": _TEXTBOX, "autocomplete": "off"}),
    )
    verloopt_op = forms.DateField(
        label=_("Valid until"),
        required=False,
        help_text=_("Optional. The key works up to and including this day."),
        widget=forms.DateInput(attrs={"type": "date", "class": _TEXTBOX}, format="%Y-%m-%d"),
    )

    def clean_verloopt_op(self) -> dt.date | None:
        day: dt.date | None = self.cleaned_data.get("verloopt_op")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a day in the future."), code="past")
        return day

    def expires_at(self) -> dt.datetime | None:
        """The moment the key stops working: the end of the chosen day, local time."""
        day: dt.date | None = self.cleaned_data.get("verloopt_op")
        if day is None:
            return None
        next_day = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
        return timezone.make_aware(next_day)
