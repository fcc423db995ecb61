"""Server errors the API fuzz found on PostgreSQL, each kept as a focused regression test.

Both passed on SQLite and answered 500 on PostgreSQL before they were fixed.
"""

import datetime as dt
import json
from collections.abc import Iterator

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client

from eropaf.accounts.api_tokens import create_api_token
from eropaf.intake.models import Delivery, RejectedRow
from tests.intake.deliveries import Region, good_row, make_region

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 11, 10, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    cache.clear()
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def region() -> Region:
    return make_region()


def headers_for(region: Region) -> dict[str, str]:
    key = create_api_token(partner=region.partner, name="fuzz", created_by=None).key
    return {"Authorization": f"Bearer {key}"}


def test_a_nul_character_in_a_rejected_row_and_a_field_name_is_stored_as_a_replacement(
    client: Client, region: Region
) -> None:
    """PostgreSQL stores no NUL in JSON: the quarantine keeps it as U+FFFD instead of failing."""
    rows = [good_row("A-1"), good_row("A-2", achternaam="Jan\x00sen", postcode="nul\x00")]
    rows[1]["extra\x00veld"] = "x"
    body = {"signalen": rows}

    response = client.post(
        "/api/v1/deliveries", json.dumps(body), content_type="application/json", headers=headers_for(region)
    )

    assert response.status_code == 201, response.content
    assert (response.json()["accepted"], response.json()["rejected"]) == (1, 1)
    rejected = RejectedRow.objects.get()
    assert rejected.values["achternaam"] == "Jan\ufffdsen"
    assert "extra\ufffdveld" in Delivery.objects.get().headers


def test_an_unpaired_surrogate_in_a_rejected_row_is_stored_as_a_replacement(
    client: Client, region: Region
) -> None:
    row = json.dumps(good_row("A-1", achternaam="SURNAME", postcode="nee"))
    body = '{"signalen": [' + row.replace("SURNAME", "\\udac6") + "]}"

    response = client.post(
        "/api/v1/deliveries", body, content_type="application/json", headers=headers_for(region)
    )

    assert response.status_code == 201, response.content
    assert RejectedRow.objects.get().values["achternaam"] == "\ufffd"


@pytest.mark.parametrize(
    ("since", "status"),
    [
        ("1176-09-07T23:35:31-16:00", 200),  # PostgreSQL refuses the offset itself, not the moment
        ("2026-11-01T00:00:00+01:00", 200),
        ("0001-01-01T00:00:00+01:00", 400),  # before year 1 in UTC
        ("2026-02-30T00:00:00+01:00", 400),
        ("gisteren", 400),
    ],
)
def test_feedback_since_takes_any_offset_and_refuses_impossible_moments(
    client: Client, region: Region, since: str, status: int
) -> None:
    response = client.get("/api/v1/feedback", {"since": since}, headers=headers_for(region))

    assert response.status_code == status, response.content
