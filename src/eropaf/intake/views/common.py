"""Small helpers the portal's views share."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def page_number(request: HttpRequest) -> int:
    text = request.GET.get("pagina", "")
    return int(text) if text.isascii() and text.isdigit() and 0 < len(text) <= 6 and int(text) > 0 else 1


def acting_user(request: HttpRequest) -> AbstractBaseUser:
    """The logged-in user; the views are guarded by ``require_role``, so there always is one."""
    user = request.user
    if not isinstance(user, AbstractBaseUser):
        raise PermissionDenied
    return user
