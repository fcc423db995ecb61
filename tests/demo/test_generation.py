"""The pure building blocks of the demo: region definition, people, arrears (no database)."""

import datetime as dt
import random

import pytest
from faker import Faker
from hypothesis import given
from hypothesis import strategies as st
from stdnum.nl import bsn as nl_bsn
from stdnum.nl import postcode as nl_postcode

from eropaf.core.vocabularies import ContactKind, PartnerType
from eropaf.demo.arrears import ArrearBook
from eropaf.demo.attempts import AttemptPlan, contact_kinds
from eropaf.demo.people import PeopleGenerator, bsn_check_digit, split_surname
from eropaf.demo.population import allocate
from eropaf.demo.region import MUNICIPALITIES, TEAMS, USERS, early_detection_team, municipality

TODAY = dt.date(2026, 6, 15)


def people(seed: int = 1) -> PeopleGenerator:
    faker = Faker("nl_NL")
    faker.seed_instance(seed)
    return PeopleGenerator(rng=random.Random(seed), faker=faker, reference_date=TODAY)  # noqa: S311


def test_postcode_areas_belong_to_exactly_one_municipality_and_district() -> None:
    digits = [area for spec in MUNICIPALITIES for area in spec.postcode_areas]
    assert len(digits) == len(set(digits))
    assert municipality("0642").postcode_areas == [str(d) for d in range(3330, 3336)]
    assert municipality("0590").postcode_areas == [str(d) for d in range(3350, 3357)]


def test_every_district_is_covered_by_one_early_detection_team() -> None:
    for spec in MUNICIPALITIES:
        for district in spec.districts:
            assert early_detection_team(spec.code, district.code)
    team_names = {team.name for team in TEAMS}
    assert all(set(user.team_names) <= team_names for user in USERS)


@given(st.from_regex(r"\A[1-9][0-9]{7}\Z"))
def test_the_check_digit_makes_a_valid_bsn(first_eight: str) -> None:
    check = bsn_check_digit(first_eight)
    if check < 10:
        assert nl_bsn.is_valid(f"{first_eight}{check}")
    else:
        assert not any(nl_bsn.is_valid(f"{first_eight}{digit}") for digit in range(10))


@pytest.mark.parametrize(
    ("full", "expected"),
    [
        ("Jansen", ("", "Jansen")),
        ("van de Noordmark", ("van de", "Noordmark")),
        ("d' Heripon", ("d'", "Heripon")),
        ("Bourgondië, van", None),
        ("Coreth von und zu Coredo und Starkenberg", None),
        ("'s Gravensande", None),
        ("Aelftrud van Wessex", None),
    ],
)
def test_surnames_are_split_into_prefix_and_name(full: str, expected: tuple[str, str] | None) -> None:
    assert split_surname(full) == expected


def test_generated_people_and_addresses_are_valid() -> None:
    generator = people()
    taken: set[str] = set()
    spec = municipality("0505")
    for _ in range(500):
        person = generator.person()
        address = generator.address(spec, taken)
        assert nl_bsn.is_valid(person.bsn)
        assert 18 <= person.age_on(TODAY) <= 90
        assert person.initials.count(".") == len(person.first_names.split())
        assert nl_postcode.is_valid(address.postcode)
        assert address.postcode[:4] in spec.postcode_areas
    assert len(taken) == 500


def test_the_same_seed_draws_the_same_people() -> None:
    first, second = people(5), people(5)
    assert [first.person() for _ in range(20)] == [second.person() for _ in range(20)]
    assert [people(6).person() for _ in range(20)] != [people(5).person() for _ in range(20)]


@given(st.integers(min_value=0, max_value=5_000))
def test_type_quotas_add_up_to_the_month_total(total: int) -> None:
    shares = {
        PartnerType.HEALTH_INSURANCE: 0.45,
        PartnerType.ENERGY: 0.25,
        PartnerType.RENT: 0.19,
        PartnerType.WATER: 0.11,
    }
    counts = allocate(total, shares)
    assert sum(counts.values()) == total
    assert all(abs(counts[kind] - total * share) < 1 for kind, share in shares.items())


def test_a_rent_arrear_rises_and_reaches_court_steps_when_left_unpaid() -> None:
    book = ArrearBook(rng=random.Random(3))  # noqa: S311
    person = people().person()
    period = dt.date(2026, 1, 1)
    arrear = book.open(
        partner_code="woongoed-merwede", signal_type=PartnerType.RENT, person=person, period=period, month=0
    )
    amounts = [arrear.amount_cents]
    for month in range(1, 10):
        book.continue_(arrear, period=dt.date(2026, 1 + month, 1), month=month)
        amounts.append(arrear.amount_cents)
    assert max(amounts) > amounts[0]
    assert arrear.summons_date is not None
    assert arrear.judgment_date is not None
    assert arrear.summons_date < arrear.judgment_date


@pytest.mark.parametrize("seed", range(20))
def test_reached_outcomes_have_a_reached_attempt_and_no_contact_has_none(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311
    reached = contact_kinds(
        rng, reached=True, help_accepted=True, has_phone=True, has_email=True, referral=False
    )
    assert any(was_reached for _, was_reached in reached)
    unreached = contact_kinds(
        rng, reached=False, help_accepted=False, has_phone=False, has_email=False, referral=False
    )
    assert len(unreached) >= 2
    assert not any(was_reached for _, was_reached in unreached)


def test_attempt_flags_follow_the_clock() -> None:
    zone = dt.timezone(dt.timedelta(hours=2))
    evening = AttemptPlan(ContactKind.PHONE, dt.datetime(2026, 6, 10, 19, 0, tzinfo=zone), reached=False)
    saturday = AttemptPlan(
        ContactKind.HOME_VISIT, dt.datetime(2026, 6, 13, 11, 0, tzinfo=zone), reached=False
    )
    office = AttemptPlan(ContactKind.LETTER, dt.datetime(2026, 6, 10, 9, 30, tzinfo=zone), reached=False)
    assert (evening.day_part, evening.outside_office_hours) == ("evening", True)
    assert (saturday.day_part, saturday.outside_office_hours) == ("morning", True)
    assert (office.day_part, office.outside_office_hours) == ("morning", False)
