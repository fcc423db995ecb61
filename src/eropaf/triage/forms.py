"""The policy officer's forms: a new draft, editing a draft, and trying a policy on hand-written facts.

The choices of municipality and version are limited to the user's own, so a form authorises too.
"""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eropaf.core.vocabularies import PartnerType
from eropaf.organisations.models import Municipality
from eropaf.triage import facts as facts_file
from eropaf.triage import format as vocabulary
from eropaf.triage.facts import CaseFacts, FactsInvalid, facts_from_data
from eropaf.triage.models import PolicyVersion
from eropaf.triage.presets import PRESETS, preset_names

MAX_POLICY_FILE_BYTES = 200 * 1024
_SELECT = "utrecht-select utrecht-select--html-select"
_TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
_CHECKBOX = "utrecht-checkbox utrecht-checkbox--html-input"

FROM_PRESET = "voorbeeld"
FROM_COPY = "kopie"
FROM_FILE = "bestand"
TRY_ACTIVE = "actief"
TRY_VERSION_PREFIX = "versie-"
TRY_PRESET_PREFIX = "voorbeeld-"


def version_label(version: PolicyVersion) -> str:
    return gettext("%(municipality)s: %(name)s, version %(number)s (%(status)s)") % {
        "municipality": version.municipality.name,
        "name": version.name,
        "number": version.number,
        "status": version.get_status_display(),
    }


class _VersionChoiceField(forms.ModelChoiceField[PolicyVersion]):
    def label_from_instance(self, obj: PolicyVersion) -> str:
        return version_label(obj)


class _MunicipalityForm(forms.Form):
    gemeente = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        to_field_name="code",
        empty_label=None,
        widget=forms.Select(attrs={"class": _SELECT}),
    )

    def __init__(self, *args: Any, municipalities: QuerySet[Municipality], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["gemeente"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 — declared above
        field.queryset = municipalities


class NewDraftForm(_MunicipalityForm):
    """One form with a section and a submit button per source; the button pressed names the source."""

    bron = forms.ChoiceField(
        choices=[(FROM_PRESET, FROM_PRESET), (FROM_COPY, FROM_COPY), (FROM_FILE, FROM_FILE)],
        required=False,
        widget=forms.HiddenInput,
    )
    voorbeeld = forms.ChoiceField(
        label=_("Preset"),
        required=False,
        choices=[(name, PRESETS[name].name) for name in preset_names()],
        widget=forms.Select(attrs={"class": _SELECT}),
    )
    versie = _VersionChoiceField(
        label=_("Version to copy"),
        required=False,
        queryset=PolicyVersion.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": _SELECT}),
    )
    bestand = forms.FileField(
        label=_("Policy file (YAML)"),
        required=False,
        help_text=_("At most 200 kB. Download a version as YAML for an example of the format."),
        widget=forms.ClearableFileInput(attrs={"class": "app-file-input", "accept": ".yaml,.yml"}),
    )

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Municipality],
        versions: QuerySet[PolicyVersion],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, municipalities=municipalities, **kwargs)
        field = self.fields["versie"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 — declared above
        field.queryset = versions

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        source = data.get("bron")
        if not source:
            self.add_error(None, gettext("Choose how to make the draft: from a preset, a copy or a file."))
        elif source == FROM_PRESET and not data.get("voorbeeld"):
            self.add_error("voorbeeld", gettext("Choose a preset."))
        elif source == FROM_COPY:
            version = data.get("versie")
            if version is None:
                self.add_error("versie", gettext("Choose the version to copy."))
            elif "gemeente" in data and version.municipality_id != data["gemeente"].pk:
                self.add_error("versie", gettext("Choose a version of the chosen municipality."))
        elif source == FROM_FILE:
            file: UploadedFile[bytes] | None = data.get("bestand")
            if not file:
                self.add_error("bestand", gettext("Choose a policy file."))
            elif (file.size or 0) > MAX_POLICY_FILE_BYTES:
                self.add_error(
                    "bestand",
                    gettext("The file is larger than %(limit)s kB.")
                    % {"limit": MAX_POLICY_FILE_BYTES // 1024},
                )
        return data


class EditDraftForm(forms.Form):
    beleid = forms.CharField(
        label=_("The policy as a YAML file"),
        strip=False,
        help_text=_(
            "Change the rules, the default or the name; the rules are tried from top to bottom and the "
            "first that fits decides. Nothing is saved while the policy has mistakes."
        ),
        widget=forms.Textarea(
            attrs={
                "class": "utrecht-textarea utrecht-textarea--html-textarea app-mono",
                "rows": 30,
                "cols": 100,
                "spellcheck": "false",
                "autocapitalize": "off",
            }
        ),
    )


def _amount_field(partner_type: PartnerType) -> forms.CharField:
    return forms.CharField(
        label=str(partner_type.label),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"class": _TEXTBOX, "inputmode": "decimal", "autocomplete": "off"}),
    )


def _whole_field(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": _TEXTBOX, "inputmode": "numeric", "autocomplete": "off"}),
    )


AMOUNT_FIELDS: dict[str, str] = {
    f"bedrag_{vocabulary.PARTNER_TYPE_WORDS[code]}": vocabulary.PARTNER_TYPE_WORDS[code]
    for code in PartnerType.values
    if code in vocabulary.PARTNER_TYPE_WORDS
}
"""Form field → partner type word of the facts file."""
NUMBER_FIELDS = (facts_file.COUNT, facts_file.AGE, facts_file.RENT_MONTHS)


class TryPolicyForm(_MunicipalityForm):
    """The facts of one case by hand; the facts file's words are the field names, so the facts are
    read by ``facts_from_data`` with exactly the messages of ``eropaf try_policy``."""

    afwegingskader = forms.ChoiceField(
        label=_("Policy"), initial=TRY_ACTIVE, widget=forms.Select(attrs={"class": _SELECT})
    )

    def __init__(
        self,
        *args: Any,
        municipalities: QuerySet[Municipality],
        versions: QuerySet[PolicyVersion],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, municipalities=municipalities, **kwargs)
        self.versions = {str(version.pk): version for version in versions}
        field = self.fields["afwegingskader"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 — declared above
        field.choices = [
            (TRY_ACTIVE, gettext("The active version (the national default when there is none)")),
            (
                gettext("Versions"),
                [
                    (f"{TRY_VERSION_PREFIX}{pk}", version_label(version))
                    for pk, version in self.versions.items()
                ],
            ),
            (
                gettext("Presets"),
                [(f"{TRY_PRESET_PREFIX}{name}", PRESETS[name].name) for name in preset_names()],
            ),
        ]
        for code in PartnerType.values:
            if code in vocabulary.PARTNER_TYPE_WORDS:
                field_name = f"bedrag_{vocabulary.PARTNER_TYPE_WORDS[code]}"
                self.fields[field_name] = _amount_field(PartnerType(code))
        self.fields[facts_file.COUNT] = _whole_field(
            _("Number of signals"), _("Empty: the number of partner types with an amount.")
        )
        self.fields[facts_file.AGE] = _whole_field(_("Age"), _("Empty: unknown."))
        self.fields[facts_file.RENT_MONTHS] = _whole_field(_("Months of rent arrears"), _("Empty: unknown."))
        self.fields[facts_file.DISTRICT] = forms.CharField(
            label=_("District code"),
            required=False,
            max_length=vocabulary.MAX_DISTRICT + 10,
            widget=forms.TextInput(attrs={"class": _TEXTBOX, "autocomplete": "off"}),
        )
        for word, flag in vocabulary.FLAGS.items():
            self.fields[word] = forms.BooleanField(
                label=word,
                help_text=vocabulary.FLAG_TEXTS[flag][0],
                required=False,
                widget=forms.CheckboxInput(attrs={"class": _CHECKBOX}),
            )
        self.case_facts: CaseFacts | None = None

    def amount_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in AMOUNT_FIELDS]

    def number_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in (*NUMBER_FIELDS, facts_file.DISTRICT)]

    def flag_fields(self) -> list[forms.BoundField]:
        return [self[word] for word in vocabulary.FLAGS]

    def facts_data(self) -> dict[str, Any]:
        """The facts as a facts file: only what was filled in, so the rest takes its default."""
        data: dict[str, Any] = {}
        amounts = {
            word: self.cleaned_data[name].strip()
            for name, word in AMOUNT_FIELDS.items()
            if self.cleaned_data.get(name, "").strip()
        }
        if amounts:
            data[facts_file.AMOUNTS] = amounts
        for key in (*NUMBER_FIELDS, facts_file.DISTRICT):
            if self.cleaned_data.get(key, "").strip():
                data[key] = self.cleaned_data[key].strip()
        data.update({word: True for word in vocabulary.FLAGS if self.cleaned_data.get(word)})
        return data

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        choice = data.get("afwegingskader", "")
        version = self.chosen_version()
        if version is not None and "gemeente" in data and version.municipality_id != data["gemeente"].pk:
            self.add_error("afwegingskader", gettext("Choose a version of the chosen municipality."))
        elif choice.startswith(TRY_VERSION_PREFIX) and version is None:
            self.add_error("afwegingskader", gettext("Choose one of the policies shown."))
        try:
            facts = facts_from_data(self.facts_data())
        except FactsInvalid as invalid:
            for message in invalid.errors:
                self.add_error(_field_of(message), message)
        else:
            self.case_facts = None if self.errors else facts
        return data

    def chosen_version(self) -> PolicyVersion | None:
        choice = self.cleaned_data.get("afwegingskader", "")
        return (
            self.versions.get(choice.removeprefix(TRY_VERSION_PREFIX))
            if choice.startswith(TRY_VERSION_PREFIX)
            else None
        )

    def chosen_preset(self) -> str | None:
        choice = self.cleaned_data.get("afwegingskader", "")
        return choice.removeprefix(TRY_PRESET_PREFIX) if choice.startswith(TRY_PRESET_PREFIX) else None


def _field_of(message: str) -> str | None:
    """The form field a Dutch facts message is about (its place comes before the colon)."""
    place = message.split(":", 1)[0]
    if place.startswith(f"{facts_file.AMOUNTS}."):
        name = f"bedrag_{place.removeprefix(f'{facts_file.AMOUNTS}.')}"
        return name if name in AMOUNT_FIELDS else None
    if place in (*NUMBER_FIELDS, facts_file.DISTRICT, *vocabulary.FLAGS):
        return place
    return None
