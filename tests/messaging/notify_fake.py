"""A local NotifyNL (GOV.UK Notify API v2) for tests, as an `httpx.MockTransport` handler.

Built from the Notify REST API documentation: it verifies the JWT (HS256 signature with the key's
secret, `iss` the service id, `iat` within 30 seconds), validates every request body as Notify does
(required fields, no unknown fields, phone number and e-mail format, the template exists, has the
right type and gets all its personalisation), stores what it accepts, answers 201 with Notify's
response shape, and serves `GET /v2/notifications/{id}`. `fail_with` simulates an error status.
"""

import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from eropaf.messaging.tokens import InvalidToken, verify_token

BASE_URL = "https://api.notifynl.example"
SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"eropaf_test-{SERVICE_ID}-{SECRET}"
_PLACEHOLDER = re.compile(r"\(\(([^()]+?)\)\)")
_PHONE = re.compile(r"(?:\+31|0031|0)6\d{8}|\+[1-9]\d{7,14}")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_FIELDS = {
    "sms": ({"template_id", "phone_number"}, {"personalisation", "reference", "sms_sender_id"}),
    "email": ({"template_id", "email_address"}, {"personalisation", "reference", "email_reply_to_id"}),
}
_ERROR_CLASSES = {400: "BadRequestError", 403: "AuthError", 429: "RateLimitError", 500: "Exception"}
_ERROR_MESSAGES = {
    400: "Can't send to this recipient using a team-only API key",
    403: "Invalid token: API key not found",
    429: "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds",
    500: "Internal server error",
}


@dataclass(frozen=True)
class FakeTemplate:
    kind: str
    body: str
    subject: str = ""
    version: int = 1


def error(status: int, error_class: str, message: str) -> httpx.Response:
    return httpx.Response(
        status, json={"status_code": status, "errors": [{"error": error_class, "message": message}]}
    )


def _render(text: str, personalisation: dict[str, Any]) -> str:
    values = {key.strip().casefold(): str(value) for key, value in personalisation.items()}
    return _PLACEHOLDER.sub(lambda match: values[match.group(1).strip().casefold()], text)


@dataclass
class FakeNotify:
    """Call it as an `httpx.MockTransport` handler. `notifications` keeps every accepted notification
    by id; `fail_with` (400, 403, 429 or 500) makes every request fail as Notify would."""

    templates: dict[str, FakeTemplate] = field(default_factory=dict)
    service_id: str = SERVICE_ID
    secret: str = SECRET
    fail_with: int | None = None
    clock: Callable[[], float] = time.time
    notifications: dict[str, dict[str, Any]] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        refusal = self._check_token(request.headers.get("authorization", ""))
        if refusal is not None:
            return refusal
        if self.fail_with is not None:
            status = self.fail_with
            return error(status, _ERROR_CLASSES[status], _ERROR_MESSAGES[status])
        path = request.url.path
        if request.method == "POST" and path in {"/v2/notifications/sms", "/v2/notifications/email"}:
            return self._post(path.rsplit("/", 1)[1], request)
        if request.method == "GET" and path.startswith("/v2/notifications/"):
            return self._get(path.rsplit("/", 1)[1])
        return error(404, "NotFoundError", "Not found")

    def _check_token(self, authorization: str) -> httpx.Response | None:
        scheme, _, token = authorization.partition(" ")
        if scheme != "Bearer" or not token:
            return error(401, "AuthError", "Unauthorized: authentication token must be provided")
        try:
            claims = verify_token(token, secret=self.secret)
        except InvalidToken:
            return error(403, "AuthError", "Invalid token: API key not found")
        if claims.get("iss") != self.service_id:
            return error(403, "AuthError", "Invalid token: service not found")
        issued_at = claims.get("iat")
        if not isinstance(issued_at, int) or abs(self.clock() - issued_at) > 30:
            return error(403, "AuthError", "Error: Your system clock must be accurate to within 30 seconds")
        return None

    def _post(self, kind: str, request: httpx.Request) -> httpx.Response:
        try:
            body = json.loads(request.content)
        except ValueError:
            return error(400, "BadRequestError", "Invalid JSON supplied in POST data")
        problem = self._validate(kind, body)
        if problem is not None:
            return problem
        template = self.templates[body["template_id"]]
        personalisation = body.get("personalisation") or {}
        notification_id = str(uuid.uuid4())
        content: dict[str, Any] = {"body": _render(template.body, personalisation)}
        if kind == "sms":
            content["from_number"] = "Gemeente"
        else:
            content["subject"] = _render(template.subject, personalisation)
            content["from_email"] = "gemeente@notifynl.example"
        template_uri = f"{BASE_URL}/services/{self.service_id}/templates/{body['template_id']}"
        answer = {
            "id": notification_id,
            "reference": body.get("reference"),
            "content": content,
            "uri": f"{BASE_URL}/v2/notifications/{notification_id}",
            "template": {"id": body["template_id"], "version": template.version, "uri": template_uri},
        }
        self.notifications[notification_id] = {"type": kind, "request": body, "response": answer}
        self.statuses[notification_id] = "created"
        return httpx.Response(201, json=answer)

    def _validate(self, kind: str, body: Any) -> httpx.Response | None:  # noqa: PLR0911
        if not isinstance(body, dict):
            return error(400, "ValidationError", "POST data must be a JSON object")
        required, optional = _FIELDS[kind]
        for name in sorted(required - body.keys()):
            return error(400, "ValidationError", f"{name} is a required property")
        for name in sorted(body.keys() - required - optional):
            return error(
                400, "ValidationError", f"Additional properties are not allowed ({name} was unexpected)"
            )
        if not all(isinstance(body[name], str) for name in required | ({"reference"} & body.keys())):
            return error(400, "ValidationError", "template_id, recipient and reference must be strings")
        if kind == "sms" and not _PHONE.fullmatch(re.sub(r"[\s\-()]", "", body["phone_number"])):
            return error(400, "ValidationError", "phone_number Not a valid mobile number")
        if kind == "email" and not _EMAIL.fullmatch(body["email_address"]):
            return error(400, "ValidationError", "email_address Not a valid email address")
        try:
            uuid.UUID(body["template_id"])
        except ValueError:
            return error(400, "ValidationError", "template_id is not a valid UUID")
        template = self.templates.get(body["template_id"])
        if template is None or template.kind != kind:
            return error(400, "BadRequestError", "Template not found")
        personalisation = body.get("personalisation") or {}
        if not isinstance(personalisation, dict):
            return error(400, "ValidationError", "personalisation must be an object")
        given = {key.strip().casefold() for key in personalisation}
        needed = [name.strip().casefold() for name in _PLACEHOLDER.findall(template.subject + template.body)]
        missing = [name for name in dict.fromkeys(needed) if name not in given]
        if missing:
            return error(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")
        return None

    def _get(self, notification_id: str) -> httpx.Response:
        stored = self.notifications.get(notification_id)
        if stored is None:
            return error(404, "NoResultFound", "No result found")
        answer = stored["response"]
        request = stored["request"]
        return httpx.Response(
            200,
            json={
                "id": notification_id,
                "reference": answer["reference"],
                "type": stored["type"],
                "status": self.statuses[notification_id],
                "template": answer["template"],
                "body": answer["content"]["body"],
                "subject": answer["content"].get("subject"),
                "phone_number": request.get("phone_number"),
                "email_address": request.get("email_address"),
                "created_at": "2025-01-01T09:00:00.000000Z",
            },
        )
