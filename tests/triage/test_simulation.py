"""Simulating a draft policy over past cases next to the active one: counts, workload and the CSV.
No database: the cases come in as (period, facts)."""

import dataclasses
import datetime as dt

import pytest

from eropaf.core.vocabularies import ContactKind, Outcome, PartnerType
from eropaf.triage.facts import CaseFacts
from eropaf.triage.policy import Action, ContactStep, Policy, load_policy_yaml
from eropaf.triage.presets import preset
from eropaf.triage.simulation import (
    DEFAULT_HOURS_PER_FTE_MONTH,
    DEFAULT_MINUTES,
    MonthOutcome,
    NormsInvalid,
    WorkloadNorms,
    compare,
    comparison_as_csv_rows,
    norms_as_data,
    norms_from_data,
    simulate,
)
from tests.triage import case

ACTIVE = load_policy_yaml("""
naam: Actief
regels:
  - sleutel: drempel
    omschrijving: Onder de drempel
    als:
      totaalbedrag_onder: 50
    dan:
      niet_opgepakt: onterecht_signaal
  - sleutel: huur
    omschrijving: Huurachterstand
    als:
      soort_aanwezig: [huur]
    dan:
      werkbak: huur
      contact: [brief, telefoon, huisbezoek]
      prioriteit: hoog
standaard:
  werkbak: vroegsignalering
  contact: [brief, telefoon]
""")
DRAFT = load_policy_yaml("""
naam: Concept
regels:
  - sleutel: drempel
    omschrijving: Hogere drempel
    als:
      totaalbedrag_onder: 100
    dan:
      niet_opgepakt: onterecht_signaal
  - sleutel: bekend
    omschrijving: Al bekend
    als:
      bekend_bij_schuldhulp: ja
    dan:
      niet_opgepakt: bekend_bij_schuldhulp
  - sleutel: huur
    omschrijving: Huur met spoed
    als:
      soort_aanwezig: [huur]
    dan:
      werkbak: huisbezoek
      contact: [huisbezoek]
      prioriteit: spoed
standaard:
  werkbak: vroegsignalering
  contact: [mail, sms_whatsapp, telefoon]
""")
JANUARY, FEBRUARY, MARCH = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)
PERIODS = (JANUARY, FEBRUARY, MARCH)
# Minutes with the default norms (letter 10, phone 20, home visit 90, mail 10, sms 5), active | draft:
CASES = (
    (JANUARY, case("40", kind=PartnerType.ENERGY)),  # below 50: not picked up | below 100: not picked up
    (JANUARY, case("600", kind=PartnerType.RENT)),  # rent: 120 | rent: 90
    (JANUARY, case("75")),  # default: 30 | below 100: not picked up
    (MARCH, case("80", kind=PartnerType.RENT)),  # rent: 120 | below 100: not picked up
    (MARCH, dataclasses.replace(case("200"), is_known_to_debt_services=True)),  # default: 30 | known
    (MARCH, case("150", kind=PartnerType.WATER)),  # default: 30 | default: 35
)
NORMS = WorkloadNorms.default()


def test_the_active_policy_counts_cases_per_queue_contact_kind_reason_priority_and_rule() -> None:
    outcome = simulate(CASES, ACTIVE, NORMS, periods=PERIODS)
    assert outcome.policy_name == "Actief"
    assert (outcome.cases, outcome.picked_up, outcome.not_picked_up) == (6, 5, 1)
    assert outcome.per_queue == {"huur": 2, "vroegsignalering": 3}
    assert list(outcome.per_contact_kind.items()) == [("letter", 5), ("home_visit", 2), ("phone", 5)]
    assert outcome.per_not_picked_up == {"not_picked_up_unjustified": 1}
    assert list(outcome.per_priority.items()) == [("normal", 3), ("high", 2)]
    assert list(outcome.per_rule.items()) == [
        ("drempel", ("Onder de drempel", 1)),
        ("huur", ("Huurachterstand", 2)),
        ("standaard", ("Standaard", 3)),
    ]


def test_workload_is_the_minutes_of_the_planned_steps_averaged_over_every_month_asked_for() -> None:
    outcome = simulate(CASES, ACTIVE, NORMS, periods=PERIODS)
    assert outcome.hours == pytest.approx(5.5)  # 120 + 30 in January, 120 + 30 + 30 in March: 330 min
    assert outcome.hours_per_month == pytest.approx(5.5 / 3)  # February counts, without cases
    assert outcome.fte == pytest.approx(5.5 / 3 / 120)
    assert outcome.per_month == {
        JANUARY: MonthOutcome(cases=3, picked_up=2, not_picked_up=1, hours=2.5),
        FEBRUARY: MonthOutcome(cases=0, picked_up=0, not_picked_up=0, hours=0.0),
        MARCH: MonthOutcome(cases=3, picked_up=3, not_picked_up=0, hours=3.0),
    }
    assert list(outcome.per_month) == [JANUARY, FEBRUARY, MARCH]


def test_the_draft_policy_over_the_same_cases() -> None:
    outcome = simulate(CASES, DRAFT, NORMS, periods=[MARCH, JANUARY, FEBRUARY, MARCH])
    assert (outcome.cases, outcome.picked_up, outcome.not_picked_up) == (6, 2, 4)
    assert outcome.per_queue == {"huisbezoek": 1, "vroegsignalering": 1}
    assert list(outcome.per_contact_kind.items()) == [
        ("home_visit", 1),
        ("email", 1),
        ("sms_whatsapp", 1),
        ("phone", 1),
    ]
    assert list(outcome.per_not_picked_up.items()) == [
        ("known_to_debt_services", 1),
        ("not_picked_up_unjustified", 3),
    ]
    assert list(outcome.per_priority.items()) == [("normal", 1), ("urgent", 1)]
    assert {key: cases for key, (_, cases) in outcome.per_rule.items()} == {
        "drempel": 3,
        "bekend": 1,
        "huur": 1,
        "standaard": 1,
    }
    assert outcome.hours == pytest.approx(125 / 60)
    assert outcome.hours_per_month == pytest.approx(125 / 60 / 3)
    assert list(outcome.per_month) == [JANUARY, FEBRUARY, MARCH]
    assert outcome.per_month[MARCH] == MonthOutcome(3, 1, 2, 35 / 60)


def test_a_rule_that_never_fires_is_listed_with_no_cases() -> None:
    outcome = simulate(CASES[:1], ACTIVE, NORMS, periods=[JANUARY])
    assert outcome.per_rule == {
        "drempel": ("Onder de drempel", 1),
        "huur": ("Huurachterstand", 0),
        "standaard": ("Standaard", 0),
    }
    assert outcome.per_queue == {}
    assert outcome.hours == 0


def test_own_norms_change_hours_and_fte() -> None:
    norms = norms_from_data({"minutes": {"home_visit": 150}, "hours_per_fte_month": 100})
    outcome = simulate(CASES, ACTIVE, norms, periods=PERIODS)
    assert outcome.hours == pytest.approx(7.5)  # two home visits of 150 instead of 90 minutes: +120 min
    assert outcome.fte == pytest.approx(2.5 / 100)


def test_no_cases_at_all_gives_zeros_for_every_month() -> None:
    outcome = simulate([], ACTIVE, NORMS, periods=[JANUARY, FEBRUARY])
    assert (outcome.cases, outcome.hours, outcome.hours_per_month, outcome.fte) == (0, 0, 0, 0)
    assert outcome.per_month[FEBRUARY] == MonthOutcome(0, 0, 0, 0.0)


def test_cases_outside_the_months_and_no_months_are_refused() -> None:
    with pytest.raises(ValueError, match="outside the simulated months"):
        simulate(CASES, ACTIVE, NORMS, periods=[JANUARY])
    with pytest.raises(ValueError, match="at least one month"):
        simulate([], ACTIVE, NORMS, periods=[])


def test_the_comparison_puts_both_sides_and_the_difference_in_rows() -> None:
    comparison = compare(CASES, active=ACTIVE, draft=DRAFT, norms=NORMS, periods=PERIODS)
    assert comparison.months == PERIODS
    assert comparison.active.policy_name == "Actief"
    assert comparison.draft.policy_name == "Concept"

    def table(group: str) -> list[tuple[str, str, float, float, float]]:
        return [
            (row.key, row.label, row.active, row.draft, row.difference) for row in comparison.rows_for(group)
        ]

    assert table("total") == [
        ("cases", "Zaken", 6, 6, 0),
        ("picked_up", "Opgepakt", 5, 2, -3),
        ("not_picked_up", "Niet opgepakt", 1, 4, 3),
    ]
    assert table("queue") == [
        ("huisbezoek", "huisbezoek", 0, 1, 1),
        ("huur", "huur", 2, 0, -2),
        ("vroegsignalering", "vroegsignalering", 3, 1, -2),
    ]
    assert table("contact_kind") == [
        ("letter", "Brief", 5, 0, -5),
        ("home_visit", "Huisbezoek", 2, 1, -1),
        ("email", "Mail", 0, 1, 1),
        ("sms_whatsapp", "SMS/Whatsapp", 0, 1, 1),
        ("phone", "Telefoon", 5, 1, -4),
    ]
    assert table("not_picked_up") == [
        ("known_to_debt_services", "Inwoner al bekend bij schuldhulpverlening", 0, 1, 1),
        ("not_picked_up_unjustified", "Niet opgepakt: onterecht signaal", 1, 3, 2),
    ]
    assert table("priority") == [
        ("normal", "Normaal", 3, 1, -2),
        ("high", "Hoog", 2, 0, -2),
        ("urgent", "Spoed", 0, 1, 1),
    ]
    hours, fte = comparison.rows_for("workload")
    assert (hours.key, hours.label) == ("hours_per_month", "Uren per maand")
    assert hours.active == pytest.approx(330 / 60 / 3)
    assert hours.draft == pytest.approx(125 / 60 / 3)
    assert hours.difference == pytest.approx(-205 / 60 / 3)
    assert (fte.key, fte.label) == ("fte", "Formatie (fte)")
    assert fte.active == pytest.approx(330 / 60 / 3 / 120)
    assert fte.difference == pytest.approx(-205 / 60 / 3 / 120)
    assert [row.group for row in comparison.rows][:4] == ["total", "total", "total", "queue"]


def test_the_csv_has_a_dutch_header_and_decimal_commas() -> None:
    rows = comparison_as_csv_rows(compare(CASES, active=ACTIVE, draft=DRAFT, norms=NORMS, periods=PERIODS))
    assert rows[0] == ["Groep", "Onderdeel", "Actief", "Concept", "Verschil"]
    assert rows[1] == ["Totaal", "Zaken", "6", "6", "0"]
    assert rows[2] == ["Totaal", "Opgepakt", "5", "2", "-3"]
    assert ["Contactsoort", "Huisbezoek", "2", "1", "-1"] in rows
    assert ["Reden niet opgepakt", "Niet opgepakt: onterecht signaal", "1", "3", "2"] in rows
    assert rows[-2] == ["Werklast", "Uren per maand", "1,83", "0,69", "-1,14"]
    assert rows[-1] == ["Werklast", "Formatie (fte)", "0,02", "0,01", "-0,01"]
    assert len(rows) == 1 + 3 + 3 + 5 + 2 + 3 + 2


def test_a_csv_label_that_could_be_a_formula_is_neutralised() -> None:
    # The policy file refuses such a queue name; a policy built in code is not checked as strictly.
    policy = Policy(
        name="X", description="", rules=(), default=Action(queue="=som", steps=(ContactStep("letter"),))
    )
    cases = [(JANUARY, CaseFacts(is_crisis=True))]
    rows = comparison_as_csv_rows(compare(cases, active=policy, draft=policy, norms=NORMS, periods=[JANUARY]))
    assert ["Werkbak", "'=som", "1", "1", "0"] in rows


def test_norms_default_to_the_documented_minutes() -> None:
    assert NORMS.minutes_for(ContactKind.HOME_VISIT) == 90
    assert NORMS.minutes_for(ContactKind.PHONE) == 20
    assert NORMS.minutes_for(ContactKind.SMS_WHATSAPP) == 5
    assert NORMS.hours_per_fte_month == DEFAULT_HOURS_PER_FTE_MONTH == 120
    assert set(DEFAULT_MINUTES) == set(ContactKind.values)
    assert norms_from_data({}) == NORMS


def test_norms_round_trip_through_data() -> None:
    norms = norms_from_data({"minutes": {"phone": 25, "card": 0}, "hours_per_fte_month": 130})
    data = norms_as_data(norms)
    assert data["minutes"]["phone"] == 25
    assert data["minutes"]["card"] == 0
    assert data["minutes"]["letter"] == 10
    assert data["hours_per_fte_month"] == 130
    assert set(data["minutes"]) == set(ContactKind.values)
    assert norms_from_data(data) == norms


def test_wrong_norms_are_refused_with_every_mistake_in_dutch() -> None:
    with pytest.raises(NormsInvalid) as raised:
        norms_from_data(
            {
                "minutes": {"phone": -1, "home_visit": 481, "letter": "10", "email": True, "fax": 3},
                "hours_per_fte_month": 0,
                "hours": 1,
            }
        )
    assert isinstance(raised.value, ValueError)
    assert sorted(raised.value.errors) == sorted(
        [
            'onbekende instelling "hours"',
            'onbekende contactsoort "fax"',
            'minuten voor Brief: verwacht een heel getal, niet "10"',
            "minuten voor Mail: verwacht een heel getal, niet ja",
            "minuten voor Telefoon: -1 ligt niet tussen 0 en 480",
            "minuten voor Huisbezoek: 481 ligt niet tussen 0 en 480",
            "uren per fte per maand: 0 ligt niet tussen 1 en 200",
        ]
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param({"hours_per_fte_month": 201}, "uren per fte per maand: 201 ligt niet tussen 1 en 200"),
        pytest.param(
            {"hours_per_fte_month": 7.5}, "uren per fte per maand: verwacht een heel getal, niet 7.5"
        ),
        pytest.param({"minutes": [10]}, "minuten: verwacht per contactsoort een aantal minuten, niet [10]"),
    ],
)
def test_wrong_hours_per_fte(data: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("[", r"\[").replace("]", r"\]") + "$"):
        norms_from_data(data)


def test_norms_cannot_be_changed_after_the_checks() -> None:
    with pytest.raises(TypeError):
        NORMS.minutes["phone"] = 1000  # type: ignore[index]


def test_norms_built_by_hand_need_every_contact_kind() -> None:
    with pytest.raises(ValueError, match=r"minuten ontbreken voor: .*phone"):
        WorkloadNorms(minutes={ContactKind.LETTER: 10}, hours_per_fte_month=120)


def test_a_hundred_thousand_cases_add_up() -> None:
    """Counting at volume (the speed is measured by ``make bench``, not here)."""
    national: Policy = preset("landelijk")
    facts = [
        case("40"),
        case("600", kind=PartnerType.RENT),
        case("300", multiple=True),
        case("90", age=30),
        dataclasses.replace(case("900"), has_summons=True),
    ]
    months = [dt.date(2025, month, 1) for month in range(1, 13)]
    cases = [(months[index % 12], facts[index % 5]) for index in range(100_000)]
    outcome = simulate(cases, national, NORMS, periods=months)
    assert outcome.cases == 100_000
    assert outcome.per_not_picked_up == {Outcome.NOT_PICKED_UP_UNJUSTIFIED: 20_000}
    assert outcome.per_rule["rechtsgang"][1] == 20_000
    assert sum(month.cases for month in outcome.per_month.values()) == 100_000
