"""Choose the BRP implementation from Django settings.

Settings read (all optional): BRP_REGISTRY ("local", the default, or "haal-centraal"), BRP_BASE_URL,
BRP_API_KEY, BRP_TOKEN_URL, BRP_CLIENT_ID, BRP_CLIENT_SECRET, BRP_CLIENT_CERT, BRP_CLIENT_KEY,
BRP_TIMEOUT_SECONDS.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from eropaf.integrations.brp.client import HaalCentraalPersonRegistry
from eropaf.integrations.brp.local import LocalPersonRegistry
from eropaf.integrations.brp.protocol import Person, PersonRegistry


def _setting(name: str) -> str | None:
    value = getattr(settings, name, None)
    return str(value) if value else None


def person_registry_from_settings(*, local_people: Iterable[Person] = ()) -> PersonRegistry:
    """`local_people` fills the local register (demo data); the real BRP ignores it."""
    choice = _setting("BRP_REGISTRY") or "local"
    if choice == "local":
        return LocalPersonRegistry(local_people)
    if choice != "haal-centraal":
        raise ImproperlyConfigured(f"BRP_REGISTRY must be 'local' or 'haal-centraal', not {choice!r}")
    base_url = _setting("BRP_BASE_URL")
    if not base_url:
        raise ImproperlyConfigured("BRP_REGISTRY='haal-centraal' needs BRP_BASE_URL")
    certificate, key = _setting("BRP_CLIENT_CERT"), _setting("BRP_CLIENT_KEY")
    return HaalCentraalPersonRegistry(
        base_url,
        api_key=_setting("BRP_API_KEY"),
        token_url=_setting("BRP_TOKEN_URL"),
        client_id=_setting("BRP_CLIENT_ID"),
        client_secret=_setting("BRP_CLIENT_SECRET"),
        client_cert=(certificate, key) if certificate and key else certificate,
        timeout=float(getattr(settings, "BRP_TIMEOUT_SECONDS", 10)),
    )
