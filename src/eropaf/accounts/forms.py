"""The login forms, with the NL Design System classes on their inputs."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

_TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


class LoginForm(AuthenticationForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].widget.attrs.update({"class": _TEXTBOX, "autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"class": _TEXTBOX, "autocomplete": "current-password"})


class CodeForm(forms.Form):
    """The six-digit code of the authenticator app; spaces are allowed (apps show '123 456')."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "class": _TEXTBOX,
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data["code"]).split())
        if len(code) != 6 or not code.isdigit():
            raise forms.ValidationError(_("Enter the 6 digits that your app shows."))
        return code


class RecoveryCodeForm(forms.Form):
    """One of the recovery codes made with the app (``abcd-efgh-jkmn``); case, spaces and dashes do
    not matter. Whether it is right is the service's question: a wrong one counts towards the lockout."""

    code = forms.CharField(
        label=_("Recovery code"),
        max_length=30,
        widget=forms.TextInput(attrs={"class": _TEXTBOX, "autocomplete": "off", "autofocus": True}),
    )
