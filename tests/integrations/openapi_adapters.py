"""What the local fakes share: openapi-core's view of an httpx request and response, JSON-schema
errors of a value against a component of a specification, and the failure a fake raises."""

from collections.abc import Mapping
from typing import Any

import httpx
from jsonschema.protocols import Validator  # type: ignore[import-untyped]
from openapi_core.datatypes import RequestParameters
from openapi_schema_validator import OAS31Validator
from werkzeug.datastructures import Headers, ImmutableMultiDict


class SpecViolation(AssertionError):
    """A request our client sent, or a response the fake gave, does not follow the specification."""


class SpecRequest:
    def __init__(self, request: httpx.Request) -> None:
        self.host_url = f"{request.url.scheme}://{request.url.netloc.decode()}"
        self.path = request.url.path
        self.full_url_pattern = self.host_url + self.path
        self.method = request.method.lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(list(request.url.params.multi_items())),
            header=Headers(dict(request.headers)),
            cookie=ImmutableMultiDict(),
        )
        self.content_type = request.headers.get("content-type", "")
        self.body = request.content


class SpecResponse:
    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        self.content_type = response.headers.get("content-type", "")
        self.headers = Headers(dict(response.headers))
        self.data = response.content


def spec_schema_errors(
    spec: Mapping[str, Any], instance: Any, pointer: str, *, validator: type[Validator] = OAS31Validator
) -> list[str]:
    """Every way ``instance`` breaks the schema at ``pointer`` (e.g. ``#/components/schemas/X``)."""
    checker = validator({**spec, "$ref": pointer})
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in checker.iter_errors(instance)
    ]
