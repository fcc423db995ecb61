"""The Notify JWT: built from the API key with the standard library, and checked by the fake."""

import httpx
import pytest

from eropaf.messaging import texts
from eropaf.messaging.notify import NotifyNLSender
from eropaf.messaging.protocol import SendStatus
from eropaf.messaging.tokens import InvalidToken, create_token, parse_api_key, verify_token
from tests.messaging.conftest import SMS_TEMPLATE
from tests.messaging.notify_fake import API_KEY, BASE_URL, SECRET, SERVICE_ID, FakeNotify

OTHER_SECRET = "0f0e0d0c-0b0a-4909-8807-060504030201"


def test_the_api_key_splits_into_service_id_and_secret() -> None:
    key = parse_api_key(API_KEY)

    assert key.service_id == SERVICE_ID
    assert key.secret == SECRET
    assert SECRET not in repr(key)


@pytest.mark.parametrize(
    "api_key",
    [
        "",
        "short",
        f"name-{SERVICE_ID}",
        f"name-{SERVICE_ID}-not-a-uuid-at-all-but-36-characters-x",
        f"{SERVICE_ID}{SECRET}",
    ],
)
def test_a_malformed_api_key_is_refused_without_echoing_it(api_key: str) -> None:
    with pytest.raises(ValueError, match="NotifyNL API key") as raised:
        parse_api_key(api_key)

    assert not api_key or api_key not in str(raised.value)


def test_the_token_carries_issuer_and_issue_time() -> None:
    token = create_token(parse_api_key(API_KEY), issued_at=1_700_000_000.7)

    assert verify_token(token, secret=SECRET) == {"iss": SERVICE_ID, "iat": 1_700_000_000}
    with pytest.raises(InvalidToken):
        verify_token(token, secret=OTHER_SECRET)
    with pytest.raises(InvalidToken):
        verify_token(token + "x", secret=SECRET)


def test_the_fake_accepts_the_clients_token(notify_sender: NotifyNLSender, fake_notify: FakeNotify) -> None:
    result = notify_sender.send_sms(
        phone_number="+31612345678",
        template=SMS_TEMPLATE,
        personalisation={"naam": "A", "telefoonnummer": "1"},
        reference="r",
    )

    assert result.status == SendStatus.ACCEPTED
    assert list(fake_notify.notifications) == [result.provider_id]


def test_a_token_signed_with_another_secret_is_refused(fake_notify: FakeNotify) -> None:
    wrong_key = f"eropaf_test-{SERVICE_ID}-{OTHER_SECRET}"
    sender = NotifyNLSender(BASE_URL, api_key=wrong_key, transport=httpx.MockTransport(fake_notify))

    result = sender.send_sms(
        phone_number="+31612345678",
        template=SMS_TEMPLATE,
        personalisation={"naam": "A", "telefoonnummer": "1"},
        reference="r",
    )

    assert result.status == SendStatus.FAILED
    assert result.error == str(texts.NOTIFY_FORBIDDEN)
    assert fake_notify.notifications == {}


def test_another_service_is_refused(fake_notify: FakeNotify) -> None:
    fake_notify.service_id = "00000000-0000-4000-8000-000000000000"

    response = fake_notify(_request(create_token(parse_api_key(API_KEY))))

    assert response.status_code == 403


@pytest.mark.parametrize("age", [-31, 31, 3600])
def test_a_token_issued_more_than_30_seconds_away_is_refused(fake_notify: FakeNotify, age: int) -> None:
    now = 1_700_000_000.0
    fake_notify.clock = lambda: now

    response = fake_notify(_request(create_token(parse_api_key(API_KEY), issued_at=now - age)))

    assert response.status_code == 403
    assert "30 seconds" in response.json()["errors"][0]["message"]


def test_a_token_within_30_seconds_is_accepted(fake_notify: FakeNotify) -> None:
    now = 1_700_000_000.0
    fake_notify.clock = lambda: now

    response = fake_notify(_request(create_token(parse_api_key(API_KEY), issued_at=now - 30)))

    assert response.status_code == 404  # authenticated; the notification does not exist


def test_a_request_without_a_token_is_refused(fake_notify: FakeNotify) -> None:
    response = fake_notify(httpx.Request("GET", f"{BASE_URL}/v2/notifications/x"))

    assert response.status_code == 401


def _request(token: str) -> httpx.Request:
    return httpx.Request(
        "GET", f"{BASE_URL}/v2/notifications/unknown-id", headers={"Authorization": f"Bearer {token}"}
    )
