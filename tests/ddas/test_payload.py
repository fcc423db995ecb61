"""The delivery of the fixed region, counted by hand, and how it is cut into pages."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pytest_django import Settings

from eropaf.core.vocabularies import ContactKind
from eropaf.ddas.payload import Export, PageOutOfRange, build_export
from tests.ddas.conftest import END, START, Region, local, schema_errors
from tests.factories import CaseFactory, CaseSignalFactory, ContactAttemptFactory

pytestmark = pytest.mark.django_db

DELIVERED_AT = dt.datetime(2025, 4, 2, 8, 15, 30, tzinfo=dt.UTC)


def _export(region: Region, **options: Any) -> Export:
    return build_export(
        municipality=region.municipality,
        start=options.pop("start", START),
        end=options.pop("end", END),
        delivered_at=DELIVERED_AT,
        **options,
    )


def _levering(export: Export) -> dict[str, Any]:
    levering: dict[str, Any] = export.document["leveringen"][0]
    return levering


def _signals(export: Export) -> dict[str, dict[str, Any]]:
    return {signal["ID"]: signal for signal in _levering(export)["vroegsignalen"]}


def _case(export: Export, *signal_ids: int) -> dict[str, Any]:
    refs = [{"ID": str(signal_id)} for signal_id in signal_ids]
    found: list[dict[str, Any]] = [
        case for case in _levering(export)["vroegsignaalzaken"] if case["vroegsignalen"] == refs
    ]
    [case] = found
    return case


def test_the_delivery_validates_against_the_official_schema(region: Region) -> None:
    assert schema_errors(_export(region).document) == []


def test_the_delivery_holds_every_signal_case_and_attempt_of_the_period_and_nothing_else(
    region: Region,
) -> None:
    export = _export(region)

    assert set(_signals(export)) == {str(s.pk) for s in (region.s1, region.s2, region.s3, region.s4)}
    assert sorted(export.case_ids) == sorted([region.case_a.pk, region.case_b.pk])
    assert export.attempt_count == 3
    assert len(_levering(export)["vroegsignaalzaken"]) == 2


def test_the_heading_names_period_supplier_and_municipality(region: Region, settings: Settings) -> None:
    settings.DDAS_SUPPLIER_CODE = "LEV-042"

    document = _export(region).document

    assert document["startdatumLevering"] == "2025-01-01"
    assert document["einddatumLevering"] == "2025-03-31"
    assert document["aanleverdatumEnTijd"] == "2025-04-02T08:15:30Z"
    assert document["codeGegevensleverancier"] == "LEV-042"
    levering = document["leveringen"][0]
    assert levering["teller"] == 1
    assert levering["gemeentecode"] == "0482"
    assert levering["aanleverendeOrganisatie"] == {"naam": "Gemeente Alblasserdam"}


def test_the_bsn_where_known_otherwise_the_reduced_identification(region: Region) -> None:
    signals = _signals(_export(region))

    assert signals[str(region.s1.pk)]["client"] == {"burgerservicenummer": "999990019"}
    # The partner delivered no BSN; the BRP check found one.
    assert signals[str(region.s2.pk)]["client"] == {"burgerservicenummer": "999993653"}
    assert signals[str(region.s3.pk)]["client"] == {
        "postcode": "3311AB",
        "huisnummer": "12",
        "huisnummertoevoeging": "A-2",
        "geboortedatum": "1980-02-03",
    }
    assert signals[str(region.s4.pk)]["client"] == {"postcode": "3312CD", "huisnummer": "7"}


def test_each_signal_carries_its_arrear_in_national_terms(region: Region) -> None:
    signals = _signals(_export(region))

    assert signals[str(region.s1.pk)] | {"client": None} == {
        "ID": str(region.s1.pk),
        "crisissignaal": True,
        "warmeOverdracht": False,
        "bedrag": 640,
        "ontstaansdatum": region.s1.arrear_start_date.isoformat(),
        "signaaldatum": region.s1.signal_date.isoformat(),
        "status": "Opgepakt",
        "signaalpartner": {"type": "Huur"},
        "client": None,
    }
    assert signals[str(region.s2.pk)]["bedrag"] == 123
    assert signals[str(region.s2.pk)]["warmeOverdracht"] is True
    assert signals[str(region.s3.pk)]["signaalpartner"] == {"type": "Overige"}
    assert signals[str(region.s3.pk)]["status"] == "Nog niet opgepakt"
    assert signals[str(region.s4.pk)]["signaalpartner"] == {"type": "Water"}


def test_a_worked_case_with_its_result_dates_and_attempts_on_dutch_days(region: Region) -> None:
    case = _case(_export(region), region.s1.pk, region.s2.pk)

    assert case == {
        "resultaat": "(Budget)advies en/of quick fix",
        "matchingsdatum": "2025-01-28",
        "startdatumMatchingperiode": "2025-01-01",
        "einddatumMatchingperiode": "2025-01-31",
        "datumOpgepakt": "2025-01-28",
        "vroegsignalen": [{"ID": str(region.s1.pk)}, {"ID": str(region.s2.pk)}],
        "contactpogingen": [
            {"soort": "Brief", "bereikt": False, "datum": "2025-01-28", "dagdeel": "Ochtend"},
            {"soort": "Telefoon", "bereikt": False, "datum": "2025-02-03", "dagdeel": "Ochtend"},
            {"soort": "Telefoon", "bereikt": True, "datum": "2025-02-04", "dagdeel": "Avond"},
        ],
    }


def test_a_case_not_yet_worked_has_no_result_and_no_pick_up_date(region: Region) -> None:
    case = _case(_export(region), region.s3.pk)

    assert "resultaat" not in case
    assert "datumOpgepakt" not in case
    assert case["matchingsdatum"] == "2025-02-26"
    assert case["einddatumMatchingperiode"] == "2025-02-28"
    assert case["contactpogingen"] == []


def test_a_delivery_holds_the_months_whose_first_day_lies_in_the_period(region: Region) -> None:
    export = _export(region, start=dt.date(2025, 1, 15), end=dt.date(2025, 2, 28))

    assert set(_signals(export)) == {str(region.s3.pk)}
    assert export.case_ids == [region.case_b.pk]
    assert schema_errors(export.document) == []


def test_an_empty_period_is_a_valid_empty_delivery(region: Region) -> None:
    export = _export(region, start=dt.date(2030, 1, 1), end=dt.date(2030, 12, 31))

    assert _levering(export)["vroegsignalen"] == []
    assert export.paging.total_pages == 1
    assert schema_errors(export.document) == []


def test_pages_hold_every_signal_and_case_once_and_a_case_travels_with_its_first_signal(
    region: Region,
) -> None:
    pages = [_export(region, page=number, page_size=1) for number in (1, 2, 3, 4)]

    assert [export.paging.total_pages for export in pages] == [4, 4, 4, 4]
    assert [export.paging.total_records for export in pages] == [4, 4, 4, 4]
    assert [export.signal_ids for export in pages] == [
        [region.s1.pk],
        [region.s2.pk],
        [region.s3.pk],
        [region.s4.pk],
    ]
    assert [export.case_ids for export in pages] == [[region.case_a.pk], [], [region.case_b.pk], []]
    assert _case(pages[0], region.s1.pk, region.s2.pk)["contactpogingen"][0]["soort"] == "Brief"
    for export in pages:
        assert schema_errors(export.document) == []
    with pytest.raises(PageOutOfRange):
        _export(region, page=5, page_size=1)


def test_two_pages_of_two(region: Region) -> None:
    first, second = (_export(region, page=number, page_size=2) for number in (1, 2))

    assert first.signal_ids == [region.s1.pk, region.s2.pk]
    assert first.case_ids == [region.case_a.pk]
    assert second.signal_ids == [region.s3.pk, region.s4.pk]
    assert second.case_ids == [region.case_b.pk]


def _queries(region: Region) -> int:
    with CaptureQueriesContext(connection) as captured:
        _export(region)
    return len(captured.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(region: Region) -> None:
    before = _queries(region)
    for number in range(15):
        case = CaseFactory.create(municipality=region.municipality, period=dt.date(2025, 3, 1))
        CaseSignalFactory.create(case=case, signal__postcode="3313EF", signal__house_number=number + 1)
        ContactAttemptFactory.create(case=case, kind=ContactKind.HOME_VISIT, at=local(2025, 3, 20, 14, 0))

    assert _queries(region) == before
    assert len(_export(region).signal_ids) == 19


def test_signals_in_another_municipality_or_month_stay_out(region: Region) -> None:
    export = _export(region, start=dt.date(2024, 12, 1), end=dt.date(2024, 12, 31))

    assert export.signal_ids == [region.s5.pk]
    assert region.s6.pk not in _export(region).signal_ids
