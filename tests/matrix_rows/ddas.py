"""Matrix rows of the DDAS pull API (ddas): machine endpoints that no session ever opens.

The token endpoint answers every caller alike: an empty request is an OAuth2 ``invalid_request``
(400), logged in or not. POST /gegevens takes only a client's bearer token, so every subject of the
matrix (sessions included) gets 401 problem+json.
"""

from tests.test_authorisation_matrix import Actor, Expect, Outcome, Row, Target, plain


def empty_token_request(actor: Actor, target: Target) -> Expect:
    return Expect(Outcome.BAD_INPUT)


def bearer_token_only(actor: Actor, target: Target) -> Expect:
    return Expect(Outcome.API_REFUSED)


ROWS: tuple[Row, ...] = (
    Row(("ddas:token",), plain("ddas:token"), empty_token_request, method="post"),
    Row(("ddas:gegevens",), plain("ddas:gegevens"), bearer_token_only, method="post"),
)
