"""The case page's forms for an SMS or e-mail to the resident and for the resident's opt-out."""

from django import forms
from django.utils.translation import gettext_lazy as _

from eropaf.cases.case_messages import CaseMessage
from eropaf.messaging.models import TemplateKey
from eropaf.messaging.protocol import Channel

SELECT = {"class": "utrecht-select utrecht-select--html-select"}
TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input", "autocomplete": "off"}


class MessageForm(forms.Form):
    kanaal = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, widget=forms.Select(attrs=SELECT))
    sjabloon = forms.ChoiceField(
        label=_("Which message"), choices=TemplateKey.choices, widget=forms.Select(attrs=SELECT)
    )
    adres = forms.CharField(
        label=_("Mobile number or e-mail address"),
        max_length=254,
        help_text=_("Not stored: only a code to recognise an opt-out."),
        widget=forms.TextInput(attrs=TEXT),
    )
    terugbelnummer = forms.CharField(
        label=_("Call-back number"), max_length=30, widget=forms.TextInput(attrs=TEXT)
    )

    def message(self) -> CaseMessage:
        data = self.cleaned_data
        return CaseMessage(
            channel=Channel(data["kanaal"]),
            template_key=TemplateKey(data["sjabloon"]),
            address=data["adres"],
            callback_phone=data["terugbelnummer"],
        )


class OptOutForm(forms.Form):
    kanaal = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, widget=forms.Select(attrs=SELECT))
    adres = forms.CharField(
        label=_("Mobile number or e-mail address"), max_length=254, widget=forms.TextInput(attrs=TEXT)
    )
    reden = forms.CharField(
        label=_("Reason"), max_length=300, required=False, widget=forms.TextInput(attrs=TEXT)
    )
