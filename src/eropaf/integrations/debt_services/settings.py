"""Choose the debt-services implementation from Django settings.

Settings read (all optional): DEBT_SERVICES_REGISTRY ("list", the default: the imported client list,
or "http": the interface in docs/integrations/debt-services.openapi.yaml), DEBT_SERVICES_BASE_URL,
DEBT_SERVICES_API_KEY, DEBT_SERVICES_TIMEOUT_SECONDS.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from eropaf.integrations.debt_services.client_list import ClientRecord, ListDebtServicesRegistry
from eropaf.integrations.debt_services.http import HttpDebtServicesRegistry
from eropaf.integrations.debt_services.protocol import DebtServicesRegistry

LIST = "list"
HTTP = "http"


def _setting(name: str) -> str | None:
    value = getattr(settings, name, None)
    return str(value) if value else None


def debt_services_choice() -> str:
    """``list`` or ``http``; anything else is a configuration error."""
    choice = _setting("DEBT_SERVICES_REGISTRY") or LIST
    if choice not in {LIST, HTTP}:
        raise ImproperlyConfigured(f"DEBT_SERVICES_REGISTRY must be 'list' or 'http', not {choice!r}")
    return choice


def debt_services_registry_from_settings(*, records: Iterable[ClientRecord] = ()) -> DebtServicesRegistry:
    """`records` is the client list the "list" implementation answers from; "http" ignores it."""
    if debt_services_choice() == LIST:
        return ListDebtServicesRegistry(records)
    base_url = _setting("DEBT_SERVICES_BASE_URL")
    if not base_url:
        raise ImproperlyConfigured("DEBT_SERVICES_REGISTRY='http' needs DEBT_SERVICES_BASE_URL")
    return HttpDebtServicesRegistry(
        base_url,
        api_key=_setting("DEBT_SERVICES_API_KEY"),
        timeout=float(getattr(settings, "DEBT_SERVICES_TIMEOUT_SECONDS", 10)),
    )
