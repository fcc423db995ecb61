"""The DDAS pull API (DDAS-VS.yaml) under /ddas/v1/: the OAuth2 token endpoint and POST /gegevens.

Plain Django views rather than DRF: the contract is the national specification, not our OpenAPI
document, and its errors (FSC errors, OAuth2 errors) have their own shapes (ADR 0011). A session
never reaches these views: only a client's bearer token counts.
"""

import base64
import binascii
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from eropaf.ddas.clients import SCOPE, TokenRefusal, authenticate_client, client_for_token, issue_token
from eropaf.ddas.models import DdasClient
from eropaf.ddas.payload import PageOutOfRange, organisation_name
from eropaf.ddas.request import DataRequest, RequestRefused, names_municipality, parse_data_request
from eropaf.ddas.responses import digest_matches, fsc_error, json_response, problem
from eropaf.ddas.services import export_page_for_client

GRANT_TYPE = "client_credentials"
_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
_REFUSALS = {
    TokenRefusal.MISSING: ("Access token ontbreekt", "Stuur een token mee: Authorization: Bearer <token>."),
    TokenRefusal.INVALID: (
        "Ongeldige access token",
        "De meegegeven token is onbekend of hoort bij een inactieve client.",
    ),
    TokenRefusal.EXPIRED: ("Access token verlopen", "Vraag een nieuwe token aan bij het tokenendpoint."),
}


def _oauth_error(error: str, *, status: int = 400, headers: dict[str, str] | None = None) -> HttpResponse:
    """An OAuth2 error response (RFC 6749 §5.2)."""
    return json_response({"error": error}, status=status, headers={**_NO_STORE, **(headers or {})})


def _client_credentials(request: HttpRequest) -> tuple[str, str, bool] | None:
    """The client id and secret from HTTP Basic (RFC 6749 §2.3.1) or the form; None when sent both
    ways. The flag says whether Basic was used."""
    header = request.headers.get("Authorization", "")
    in_form = "client_id" in request.POST or "client_secret" in request.POST
    scheme, _sep, encoded = header.partition(" ")
    if scheme.lower() == "basic":
        if in_form:
            return None
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return ("", "", True)
        client_id, _colon, secret = decoded.partition(":")
        return (unquote(client_id), unquote(secret), True)
    return (request.POST.get("client_id", ""), request.POST.get("client_secret", ""), False)


def _grant_error(request: HttpRequest) -> HttpResponse | None:
    grant_type = request.POST.get("grant_type", "")
    if not grant_type:
        return _oauth_error("invalid_request")
    if grant_type != GRANT_TYPE:
        return _oauth_error("unsupported_grant_type")
    if not set(request.POST.get("scope", SCOPE).split()) <= {SCOPE}:
        return _oauth_error("invalid_scope")
    return None


@csrf_exempt
def token(request: HttpRequest) -> HttpResponse:
    """OAuth2 client credentials grant: a bearer token with scope ``read`` for a DDAS client."""
    if request.method != "POST":
        return _oauth_error("invalid_request", status=405, headers={"Allow": "POST"})
    refused = _grant_error(request)
    if refused is not None:
        return refused
    credentials = _client_credentials(request)
    if credentials is None:
        return _oauth_error("invalid_request")
    client_id, secret, basic = credentials
    client = authenticate_client(client_id, secret) if client_id and secret else None
    if client is None:
        challenge = {"WWW-Authenticate": 'Basic realm="ddas"'} if basic else {}
        return _oauth_error("invalid_client", status=401, headers=challenge)
    issued = issue_token(client=client)
    return json_response(
        {
            "access_token": issued.access_token,
            "token_type": "Bearer",
            "expires_in": issued.expires_in,
            "scope": issued.scope,
        },
        headers=_NO_STORE,
    )


def _bearer_client(request: HttpRequest) -> DdasClient | HttpResponse:
    scheme, _sep, value = request.headers.get("Authorization", "").partition(" ")
    found = client_for_token(value.strip() if scheme.lower() == "bearer" else "")
    if isinstance(found, DdasClient):
        return found
    title, detail = _REFUSALS[found]
    challenge = (
        'Bearer realm="ddas"'
        if found is TokenRefusal.MISSING
        else 'Bearer realm="ddas", error="invalid_token"'
    )
    return fsc_error(
        status=401, code=found.value, title=title, detail=detail, headers={"WWW-Authenticate": challenge}
    )


def _checked(request: HttpRequest) -> tuple[DdasClient, DataRequest] | HttpResponse:
    """The client and what it asks for, or the answer that refuses the request."""
    if request.method != "POST":
        return fsc_error(
            status=405,
            code="ERROR_CODE_METHOD_UNSUPPORTED",
            title="Methode niet ondersteund",
            detail="Dit endpoint kent alleen POST.",
            headers={"Allow": "POST"},
        )
    client = _bearer_client(request)
    if isinstance(client, HttpResponse):
        return client
    if not digest_matches(request.headers.get("Digest", ""), request.body):
        return problem(status=400, detail="De Digest-header past niet bij de body.", instance=request.path)
    try:
        asked = parse_data_request(request.body)
    except RequestRefused as refusal:
        return problem(status=refusal.status, detail=refusal.detail, instance=request.path)
    municipality = client.municipality
    if not names_municipality(asked.organisation, name=municipality.name, code=municipality.code):
        return fsc_error(
            status=403,
            code="ERROR_CODE_WRONG_GROUP_ID_IN_TOKEN",
            title="Verkeerde organisatie",
            detail=f"Deze client haalt alleen gegevens op van {organisation_name(municipality)}.",
        )
    return client, asked


@csrf_exempt
def data(request: HttpRequest) -> HttpResponse:
    """POST /gegevens: one page of the delivery of the client's municipality for a period."""
    checked = _checked(request)
    if isinstance(checked, HttpResponse):
        return checked
    client, asked = checked
    try:
        export = export_page_for_client(
            client=client, start=asked.start, end=asked.end, page=asked.page, page_size=asked.page_size
        )
    except PageOutOfRange as out:
        pages = out.paging.total_pages
        return problem(
            status=422,
            detail=f"Pagina {asked.page} bestaat niet; deze levering heeft {pages} pagina's.",
            instance=request.path,
        )
    paging = export.paging
    return json_response(
        {
            "gegevens": export.document,
            "paginering": {
                "pageSize": paging.size,
                "currentPage": paging.number,
                "totalPages": paging.total_pages,
                "totalRecords": paging.total_records,
            },
        }
    )
