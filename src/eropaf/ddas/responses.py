"""The answers of the DDAS pull API: JSON with a ``Digest`` header (RFC 3230, SHA-256 of the body),
FSC errors and RFC 9457 problem details as DDAS-VS.yaml describes them."""

import base64
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.http import HttpResponse

PROBLEM_JSON = "application/problem+json"
_TITLES = {400: "Ongeldig request", 422: "Niet te verwerken"}


def digest_of(body: bytes) -> str:
    return "SHA-256=" + base64.b64encode(hashlib.sha256(body).digest()).decode("ascii")


def digest_matches(header: str, body: bytes) -> bool:
    """A request's ``Digest`` header agrees with its body. RFC 3230 allows several algorithms in
    one header; only SHA-256 is checked, others are ignored, and a header without it passes."""
    expected = digest_of(body).split("=", 1)[1]
    for part in header.split(","):
        algorithm, _sep, value = part.strip().partition("=")
        if algorithm.strip().lower() == "sha-256":
            return value.strip() == expected
    return True


def json_response(
    data: Mapping[str, Any],
    *,
    status: int = 200,
    content_type: str = "application/json",
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    response = HttpResponse(body, status=status, content_type=content_type)
    response["Digest"] = digest_of(body)
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def fsc_error(
    *, status: int, code: str, title: str, detail: str, headers: Mapping[str, str] | None = None
) -> HttpResponse:
    """An FSC error (``FscError`` schema) with the ``Fsc-Error-Code`` header."""
    body = {"code": code, "domain": "ERROR_DOMAIN_INWAY", "title": title, "detail": detail, "status": status}
    return json_response(
        body, status=status, content_type=PROBLEM_JSON, headers={"Fsc-Error-Code": code, **(headers or {})}
    )


def problem(*, status: int, detail: str, instance: str) -> HttpResponse:
    """Problem details (``ProblemDetails`` schema) for a request that cannot be served."""
    body = {
        "type": "about:blank",
        "title": _TITLES.get(status, "Fout"),
        "status": status,
        "detail": detail,
        "instance": instance,
    }
    return json_response(body, status=status, content_type=PROBLEM_JSON)
