"""GOV.UK Notify authentication (which NotifyNL keeps): an HS256 JWT made from the API key.

A key reads `{key_name}-{service_id}-{secret}`; service id and secret are UUIDs. The token carries
`iss` (the service id) and `iat` (now, in seconds) and is signed with the secret.
"""

import base64
import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

_UUID_LENGTH = 36
_HEADER = {"typ": "JWT", "alg": "HS256"}


@dataclass(frozen=True)
class NotifyKey:
    service_id: str
    secret: str = ""

    def __repr__(self) -> str:
        return f"NotifyKey(service_id={self.service_id!r}, secret=…)"


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return len(value) == _UUID_LENGTH


def parse_api_key(api_key: str) -> NotifyKey:
    """Raises ValueError (without echoing the key) when it is not a Notify API key."""
    key = api_key.strip()
    secret = key[-_UUID_LENGTH:]
    service_id = key[-2 * _UUID_LENGTH - 1 : -_UUID_LENGTH - 1]
    if len(key) < 2 * _UUID_LENGTH + 1 or key[-_UUID_LENGTH - 1] != "-":
        raise ValueError("A NotifyNL API key reads {key_name}-{service_id}-{secret}")
    if not (_is_uuid(secret) and _is_uuid(service_id)):
        raise ValueError("The service id and secret of a NotifyNL API key are UUIDs")
    return NotifyKey(service_id=service_id, secret=secret)


def _encode(part: bytes) -> str:
    return base64.urlsafe_b64encode(part).rstrip(b"=").decode("ascii")


def _decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _signature(signing_input: str, secret: str) -> str:
    return _encode(hmac.new(secret.encode(), signing_input.encode("ascii"), hashlib.sha256).digest())


def create_token(key: NotifyKey, *, issued_at: float | None = None) -> str:
    claims = {"iss": key.service_id, "iat": int(time.time() if issued_at is None else issued_at)}
    signing_input = ".".join(
        _encode(json.dumps(part, separators=(",", ":")).encode()) for part in (_HEADER, claims)
    )
    return f"{signing_input}.{_signature(signing_input, key.secret)}"


class InvalidToken(Exception):
    pass


def verify_token(token: str, *, secret: str) -> dict[str, Any]:
    """The claims of an HS256 token signed with `secret`; raises InvalidToken otherwise."""
    parts = token.split(".")
    if len(parts) != 3:
        raise InvalidToken("Token is not a JWT")
    header_part, claims_part, signature = parts
    if not hmac.compare_digest(_signature(f"{header_part}.{claims_part}", secret), signature):
        raise InvalidToken("Invalid token: signature")
    try:
        header = json.loads(_decode(header_part))
        claims = json.loads(_decode(claims_part))
    except ValueError as error:
        raise InvalidToken("Token is not a JWT") from error
    if not isinstance(header, dict) or header.get("alg") != "HS256" or not isinstance(claims, dict):
        raise InvalidToken("Token is not an HS256 JWT")
    return claims
