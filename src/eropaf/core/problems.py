"""RFC 9457 problem details for every API error."""

from typing import Any

from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from eropaf.core.errors import ApplicationError, NotPermitted

_TITLES = {
    400: "Ongeldige invoer",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    409: "Conflict",
    413: "Te groot",
    415: "Niet-ondersteund bestandstype",
    422: "Niet te verwerken",
    429: "Te veel verzoeken",
}


class ProblemDetailsSerializer(serializers.Serializer[dict[str, Any]]):
    """The shape of every API error (RFC 9457), for the OpenAPI document."""

    type = serializers.CharField(
        help_text="A URI naming the kind of problem; about:blank for plain HTTP errors."
    )
    title = serializers.CharField(help_text="Short Dutch summary of the status.")
    status = serializers.IntegerField(help_text="The HTTP status code.")
    detail = serializers.CharField(help_text="What went wrong, in Dutch, for this request.")
    # Declared fields leave the class body, so this does not hide Serializer.errors at run time.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.JSONField(),
        required=False,
        help_text="For invalid input (400): the messages per field.",
    )


def problem_response(*, status_code: int, detail: str, extra: dict[str, Any] | None = None) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _TITLES.get(status_code, "Fout"),
        "status": status_code,
        "detail": detail,
    }
    body.update(extra or {})
    return Response(body, status=status_code, content_type="application/problem+json")


def problem_details_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, NotPermitted | Http404):
        return problem_response(
            status_code=404, detail="Dit object bestaat niet of u heeft er geen toegang toe."
        )
    if isinstance(exc, ApplicationError):
        return problem_response(status_code=422, detail=exc.message, extra=exc.extra)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        return problem_response(
            status_code=status.HTTP_400_BAD_REQUEST,
            detail="De invoer is niet geldig.",
            extra={"errors": response.data},
        )
    detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
    problem = problem_response(status_code=response.status_code, detail=str(detail))
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            problem[header] = response[header]
    return problem
