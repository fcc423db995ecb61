"""The login form, with the NL Design System classes on its inputs."""

from django.contrib.auth.forms import AuthenticationForm

_TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


class LoginForm(AuthenticationForm):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["username"].widget.attrs.update({"class": _TEXTBOX, "autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"class": _TEXTBOX, "autocomplete": "current-password"})
