"""Rate limits per partner key, so that one misbehaving partner system cannot crowd out the rest.

The rates live in ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` and are read on every request, so
a changed setting takes effect without a restart of the class. The counts are kept in Django's
default cache: a cache shared by all web processes makes the limit exact.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from eropaf.accounts.models import PartnerApiToken


class PartnerTokenThrottle(SimpleRateThrottle):
    """Every call of one partner key counts (scope ``partner``)."""

    scope = "partner"

    def get_rate(self) -> str | None:
        rates: dict[str, Any] = api_settings.DEFAULT_THROTTLE_RATES
        if self.scope not in rates:
            raise ImproperlyConfigured(f"No throttle rate for scope {self.scope!r} in REST_FRAMEWORK.")
        rate = rates[self.scope]
        return None if rate is None else str(rate)

    def get_cache_key(self, request: Request, view: APIView) -> str | None:  # noqa: ARG002 — DRF's signature
        token = request.auth
        if not isinstance(token, PartnerApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.prefix}


class PartnerDeliveryThrottle(PartnerTokenThrottle):
    """Handing in deliveries counts separately (scope ``partner_deliveries``): each one is heavy."""

    scope = "partner_deliveries"

    def allow_request(self, request: Request, view: APIView) -> bool:
        if request.method != "POST":
            return True
        return super().allow_request(request, view)
