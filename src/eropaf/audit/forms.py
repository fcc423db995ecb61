from django import forms
from django.utils.translation import gettext_lazy as _


class PersonSearchForm(forms.Form):
    """Sent by POST, so the BSN never appears in a URL, a server log or the browser history."""

    bsn = forms.CharField(
        label=_("BSN"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "autofocus": True}),
    )
