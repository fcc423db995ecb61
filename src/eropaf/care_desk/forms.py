"""The referral form (from a case, and a landlord's), declining a proposal, and the Meldpunt's outcome."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eropaf.accounts.models import Team
from eropaf.care_desk.models import ProposalKind
from eropaf.care_desk.rules import ALLOWED_REASONS, ReferralOutcome, ReferralReason, ReferrerKind
from eropaf.care_desk.services import ReferralForm
from eropaf.organisations.models import Partner

SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
AREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}
CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}
MAX_TEXT = 4000


def _reasons(referrer: ReferrerKind) -> list[tuple[str, str]]:
    return [
        (reason.value, str(reason.label)) for reason in ReferralReason if reason in ALLOWED_REASONS[referrer]
    ]


class _ReferralContent(forms.Form):
    reden = forms.ChoiceField(label=_("Reason"), choices=[], widget=forms.Select(attrs=SELECT))
    zorgen = forms.CharField(
        label=_("Concerns"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=AREA),
        help_text=_("What worries you about this household?"),
    )
    eerder_geprobeerd = forms.CharField(
        label=_("What was tried before"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=AREA),
        help_text=_(
            "Contact attempts, letters, payment arrangements, help offered, and why it was not enough."
        ),
    )
    huishouden = forms.CharField(
        label=_("Household situation"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=AREA),
        help_text=_("Who lives there, health, work or income, nuisance, what you know of the network."),
    )
    minderjarigen = forms.BooleanField(
        label=_("Minor children live in the household"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )
    bewoner_geinformeerd = forms.BooleanField(
        label=_("The resident has been told that a report is made to the Meldpunt"),
        required=True,
        error_messages={"required": _("Tell the resident that a report is made before you refer.")},
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )

    def referral(self) -> ReferralForm:
        data: dict[str, Any] = self.cleaned_data
        return ReferralForm(
            reason=ReferralReason(data["reden"]),
            concerns=data["zorgen"],
            tried_before=data["eerder_geprobeerd"],
            household_situation=data["huishouden"],
            has_minors=data["minderjarigen"],
            resident_informed=data["bewoner_geinformeerd"],
        )


class CaseReferralForm(_ReferralContent):
    """Referring the household of a case: by its case worker, or by another professional of its team."""

    meldpunt = forms.ModelChoiceField(
        label=_("Meldpunt team"),
        queryset=Team.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs=SELECT),
    )
    organisatie = forms.CharField(
        label=_("Your organisation"), required=False, max_length=150, widget=forms.TextInput(attrs=TEXT)
    )

    def __init__(self, *args: Any, referrer: ReferrerKind, desk_teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reason_field = cast("forms.ChoiceField", self.fields["reden"])
        reason_field.choices = _reasons(referrer)
        desk_field = cast("forms.ModelChoiceField[Team]", self.fields["meldpunt"])
        desk_field.queryset = desk_teams
        if referrer is ReferrerKind.CASE_WORKER:
            del self.fields["organisatie"]


class LandlordReferralForm(_ReferralContent):
    """A landlord refers its own tenant, named by the reference of its own signal."""

    verhuurder = forms.ModelChoiceField(
        label=_("Landlord"),
        queryset=Partner.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs=SELECT),
    )
    referentie = forms.CharField(
        label=_("Reference of your signal"),
        max_length=64,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off"}),
        help_text=_(
            "The reference you gave the arrear in your delivery; it tells us which household you mean."
        ),
    )

    field_order = ["verhuurder", "referentie", "reden"]

    def __init__(self, *args: Any, partners: list[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reason_field = cast("forms.ChoiceField", self.fields["reden"])
        reason_field.choices = _reasons(ReferrerKind.LANDLORD)
        landlord_field = cast("forms.ModelChoiceField[Partner]", self.fields["verhuurder"])
        landlord_field.queryset = Partner.objects.filter(
            pk__in=[partner.pk for partner in partners]
        ).order_by("name")
        if len(partners) == 1:
            landlord_field.initial = partners[0].pk
            landlord_field.widget = forms.HiddenInput()


class DismissalForm(forms.Form):
    soort = forms.ChoiceField(choices=ProposalKind.choices, widget=forms.HiddenInput)
    reden = forms.CharField(
        label=_("Why not refer"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={**AREA, "rows": 2})
    )


class OutcomeForm(forms.Form):
    uitkomst = forms.ChoiceField(
        label=_("Outcome"), choices=ReferralOutcome.choices, widget=forms.Select(attrs=SELECT)
    )
    datum = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d")
    )
    notitie = forms.CharField(
        label=_("Note (only the Meldpunt sees it)"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs=AREA),
    )

    @classmethod
    def today(cls) -> "OutcomeForm":
        return cls(initial={"datum": timezone.localdate()})
