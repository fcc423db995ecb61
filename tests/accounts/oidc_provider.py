"""A local OpenID Connect provider for the tests, built from OpenID Connect Core 1.0 and Discovery
1.0 (with RFC 7636 PKCE): discovery document, JWKS with an RSA key, the authorization endpoint
(redirects back with a code) and the token endpoint (a signed ID token). A WSGI app served by
``wsgiref`` on 127.0.0.1 with a random port, in a thread, so the product's real HTTP client talks to
it. Knobs on the instance make it misbehave the way a test needs.
"""

import base64
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, urlencode
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
KEY_ID = "fake-provider-key-1"


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 — the stdlib's signature
        return


@dataclass
class _Grant:
    claims: dict[str, Any]
    nonce: str
    redirect_uri: str
    code_challenge: str


@dataclass
class FakeProvider:
    client_id: str = "eropaf-test"
    client_secret: str = "provider-secret-for-tests"
    # Who logs in next, as the provider's ID token says (sub, preferred_username, email, acr, amr, …).
    identity: dict[str, Any] = field(
        default_factory=lambda: {"sub": "f2c1", "preferred_username": "medewerker"}
    )
    # Misbehaviour on demand.
    sign_with_unknown_key: bool = False
    nonce_override: str | None = None
    audience_override: str | None = None
    # Claims the userinfo endpoint adds (it always repeats the ID token's ``sub``).
    userinfo_extra: dict[str, Any] = field(default_factory=dict)
    token_requests: list[dict[str, list[str]]] = field(default_factory=list)
    # RP-Initiated Logout: whether discovery names an end_session_endpoint, and the logouts it saw.
    offers_logout: bool = True
    logouts: list[dict[str, list[str]]] = field(default_factory=list)
    issued_id_tokens: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._unknown_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self._grants: dict[str, _Grant] = {}
        self._access: dict[str, dict[str, Any]] = {}
        self._server: WSGIServer | None = None
        self._thread: threading.Thread | None = None

    # -- life cycle ---------------------------------------------------------------------------

    def __enter__(self) -> "FakeProvider":
        self._server = make_server("127.0.0.1", 0, self._app, handler_class=_QuietHandler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def issuer(self) -> str:
        if self._server is None:
            raise RuntimeError("the provider is not running")
        return f"http://127.0.0.1:{self._server.server_port}"

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    # -- the endpoints ------------------------------------------------------------------------

    def _app(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        routes: dict[str, Callable[[dict[str, Any], StartResponse], Iterable[bytes]]] = {
            "/.well-known/openid-configuration": lambda _, respond: _json(respond, self._discovery()),
            "/jwks": lambda _, respond: _json(respond, self._jwks()),
            "/authorize": self._authorize,
            "/token": self._token,
            "/userinfo": self._userinfo,
            "/logout": self._logout,
        }
        route = routes.get(environ["PATH_INFO"])
        if route is None:
            return _json(start_response, {"error": "not_found"}, status="404 Not Found")
        return route(environ, start_response)

    def _jwks(self) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self._key.public_key()))
        return {"keys": [{**jwk, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    def _userinfo(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        token = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ")
        if token not in self._access:
            return _json(start_response, {"error": "invalid_token"}, status="401 Unauthorized")
        return _json(start_response, {"sub": self._access[token].get("sub"), **self.userinfo_extra})

    def _discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            **({"end_session_endpoint": f"{self.issuer}/logout"} if self.offers_logout else {}),
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        }

    def _authorize(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        query = parse_qs(environ.get("QUERY_STRING", ""))

        def one(name: str) -> str:
            return str(query.get(name, [""])[0])

        if (
            one("client_id") != self.client_id
            or one("response_type") != "code"
            or "openid" not in one("scope")
        ):
            return _json(start_response, {"error": "invalid_request"}, status="400 Bad Request")
        if one("code_challenge_method") != "S256" or not one("code_challenge"):
            return _json(start_response, {"error": "invalid_request"}, status="400 Bad Request")
        code = secrets.token_urlsafe(16)
        self._grants[code] = _Grant(
            claims=dict(self.identity),
            nonce=one("nonce"),
            redirect_uri=one("redirect_uri"),
            code_challenge=one("code_challenge"),
        )
        location = f"{one('redirect_uri')}?{urlencode({'code': code, 'state': one('state')})}"
        start_response("302 Found", [("Location", location)])
        return [b""]

    def _token(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if environ["REQUEST_METHOD"] != "POST":
            return _json(start_response, {"error": "invalid_request"}, status="405 Method Not Allowed")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        form = parse_qs(environ["wsgi.input"].read(length).decode())
        self.token_requests.append(form)

        def one(name: str) -> str:
            return str(form.get(name, [""])[0])

        grant = self._grants.pop(one("code"), None)  # a code works once
        if (
            grant is None
            or one("grant_type") != "authorization_code"
            or one("redirect_uri") != grant.redirect_uri
        ):
            return _json(start_response, {"error": "invalid_grant"}, status="400 Bad Request")
        if one("client_id") != self.client_id or one("client_secret") != self.client_secret:
            return _json(start_response, {"error": "invalid_client"}, status="401 Unauthorized")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(one("code_verifier").encode()).digest())
        if challenge.rstrip(b"=").decode() != grant.code_challenge:
            return _json(start_response, {"error": "invalid_grant"}, status="400 Bad Request")
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "aud": self.audience_override or self.client_id,
            "iat": now,
            "exp": now + 300,
            "nonce": self.nonce_override if self.nonce_override is not None else grant.nonce,
            **grant.claims,
        }
        key = self._unknown_key if self.sign_with_unknown_key else self._key
        id_token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": KEY_ID})
        self.issued_id_tokens.append(id_token)
        access_token = secrets.token_urlsafe(16)
        self._access[access_token] = grant.claims
        body = {"access_token": access_token, "token_type": "Bearer", "expires_in": 300}
        return _json(start_response, {**body, "id_token": id_token})

    def _logout(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        """End the session the ID token hints at, then back to the client's registered page."""
        query = parse_qs(environ.get("QUERY_STRING", ""))
        self.logouts.append(query)
        back = query.get("post_logout_redirect_uri", [""])[0]
        if not back or query.get("id_token_hint", [""])[0] not in self.issued_id_tokens:
            return _json(start_response, {"error": "invalid_request"}, status="400 Bad Request")
        start_response("302 Found", [("Location", back)])
        return [b""]


def _json(start_response: StartResponse, body: dict[str, Any], *, status: str = "200 OK") -> list[bytes]:
    start_response(status, [("Content-Type", "application/json")])
    return [json.dumps(body).encode()]
