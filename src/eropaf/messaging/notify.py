"""NotifyNL, which speaks the GOV.UK Notify API v2.

Only the HTTP status, the Notify error class and the notification id are ever logged: phone
numbers, e-mail addresses and personalisation stay out of logs, errors and exceptions.
"""

import logging
from collections.abc import Generator, Mapping
from typing import Any

import httpx

from eropaf.messaging import texts
from eropaf.messaging.protocol import MessageTemplateText, SendResult, SendStatus
from eropaf.messaging.tokens import create_token, parse_api_key

PROVIDER = "notifynl"
logger = logging.getLogger(__name__)

# Notify's own statuses; anything not listed is still on its way.
_DELIVERED = {"delivered", "received"}
_FAILURES = {
    "permanent-failure": texts.NOTIFY_PERMANENT_FAILURE,
    "temporary-failure": texts.NOTIFY_TEMPORARY_FAILURE,
    "technical-failure": texts.NOTIFY_TECHNICAL_FAILURE,
    "validation-failed": texts.NOTIFY_TECHNICAL_FAILURE,
    "virus-scan-failed": texts.NOTIFY_TECHNICAL_FAILURE,
}


class _NotifyAuth(httpx.Auth):
    """A fresh token per request: Notify refuses tokens more than 30 seconds old."""

    def __init__(self, api_key: str) -> None:
        self._key = parse_api_key(api_key)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {create_token(self._key)}"
        yield request


def _errors_of(response: httpx.Response) -> list[dict[str, str]]:
    try:
        body = response.json()
    except ValueError:
        return []
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, list):
        return []
    return [error for error in errors if isinstance(error, dict)]


def _bad_request_message(errors: list[dict[str, str]]) -> str:
    """Notify says in `message` which field was wrong; only the field name is used, never the value."""
    text = " ".join(str(error.get("message", "")) for error in errors).casefold()
    if "phone_number" in text:
        return str(texts.NOTIFY_INVALID_PHONE_NUMBER)
    if "email_address" in text:
        return str(texts.NOTIFY_INVALID_EMAIL_ADDRESS)
    if "template" in text:
        return str(texts.NOTIFY_UNKNOWN_TEMPLATE)
    if "personalisation" in text:
        return str(texts.NOTIFY_MISSING_PERSONALISATION)
    return str(texts.NOTIFY_BAD_REQUEST)


def error_message(response: httpx.Response) -> str:
    """The Dutch message for an error answer from Notify."""
    status = response.status_code
    if status == 400:
        return _bad_request_message(_errors_of(response))
    if status in {401, 403}:
        return str(texts.NOTIFY_FORBIDDEN)
    if status == 404:
        return str(texts.NOTIFY_NOT_FOUND)
    if status == 429:
        return str(texts.NOTIFY_RATE_LIMITED)
    if status >= 500:
        return str(texts.NOTIFY_UNAVAILABLE)
    return texts.NOTIFY_REFUSED % {"status": status}


class NotifyNLSender:
    """`MessageSender` through NotifyNL. Templates are rendered by NotifyNL from their template id."""

    provider = PROVIDER

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._base_url = base_url.rstrip("/")
        self._client = httpx.Client(
            auth=_NotifyAuth(api_key),
            headers={"Accept": "application/json", "User-Agent": "eropaf"},
            timeout=timeout,
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def send_sms(
        self,
        *,
        phone_number: str,
        template: MessageTemplateText,
        personalisation: Mapping[str, str],
        reference: str,
    ) -> SendResult:
        return self._send("sms", {"phone_number": phone_number}, template, personalisation, reference)

    def send_email(
        self,
        *,
        email_address: str,
        template: MessageTemplateText,
        personalisation: Mapping[str, str],
        reference: str,
    ) -> SendResult:
        return self._send("email", {"email_address": email_address}, template, personalisation, reference)

    def get_status(self, provider_id: str) -> SendResult:
        """The delivery status NotifyNL knows for a notification it accepted earlier."""
        response = self._request("GET", f"/v2/notifications/{provider_id}", kind="status")
        if isinstance(response, SendResult):
            return response
        if response.status_code != 200:
            return SendResult(PROVIDER, SendStatus.FAILED, provider_id, error_message(response))
        try:
            status = str(response.json()["status"])
        except (ValueError, KeyError, TypeError):
            return SendResult(PROVIDER, SendStatus.FAILED, provider_id, str(texts.NOTIFY_UNREADABLE))
        if status in _DELIVERED:
            return SendResult(PROVIDER, SendStatus.DELIVERED, provider_id)
        if status in _FAILURES:
            return SendResult(PROVIDER, SendStatus.FAILED, provider_id, str(_FAILURES[status]))
        return SendResult(PROVIDER, SendStatus.ACCEPTED, provider_id)

    def _send(
        self,
        kind: str,
        recipient: dict[str, str],
        template: MessageTemplateText,
        personalisation: Mapping[str, str],
        reference: str,
    ) -> SendResult:
        if not template.notify_template_id:
            return SendResult.failed(PROVIDER, str(texts.NO_NOTIFY_TEMPLATE))
        body = {
            "template_id": template.notify_template_id,
            **recipient,
            "personalisation": dict(personalisation),
            "reference": reference,
        }
        response = self._request("POST", f"/v2/notifications/{kind}", kind=kind, json=body)
        if isinstance(response, SendResult):
            return response
        if response.status_code != 201:
            return SendResult.failed(PROVIDER, error_message(response))
        try:
            provider_id = str(response.json()["id"])
        except (ValueError, KeyError, TypeError):
            logger.warning("NotifyNL accepted a %s notification with an unreadable answer", kind)
            return SendResult.failed(PROVIDER, str(texts.NOTIFY_UNREADABLE))
        logger.info("NotifyNL accepted %s notification %s (reference %s)", kind, provider_id, reference)
        return SendResult(PROVIDER, SendStatus.ACCEPTED, provider_id)

    def _request(
        self, method: str, path: str, *, kind: str, json: dict[str, Any] | None = None
    ) -> httpx.Response | SendResult:
        try:
            response = self._client.request(method, self._base_url + path, json=json)
        except httpx.TimeoutException:
            logger.warning("NotifyNL did not answer a %s request in time", kind)
            return SendResult.failed(PROVIDER, str(texts.NOTIFY_TIMEOUT))
        except httpx.TransportError as error:
            logger.warning("NotifyNL could not be reached for a %s request (%s)", kind, type(error).__name__)
            return SendResult.failed(PROVIDER, str(texts.NOTIFY_UNREACHABLE))
        if response.is_error:
            classes = ",".join(str(error.get("error", "")) for error in _errors_of(response))[:100]
            logger.warning(
                "NotifyNL answered a %s request with HTTP %s %s", kind, response.status_code, classes
            )
        return response
