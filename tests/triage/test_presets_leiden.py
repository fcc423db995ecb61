"""The Leiden preset, row by row of Leiden's table (BRIEF §3.4), at and around every boundary.

The expected rule for each case is written out here, not derived from the preset, so a changed
preset fails. The readings are those of src/eropaf/triage/presets/leiden.yaml: the threshold is
€ 50, for young people (18 to 27 inclusive) € 20; "< " and ">" are strict, bands include both ends;
a "match in the same month" is a multiple case.
"""

import pytest

from eropaf.core.vocabularies import ContactKind, Outcome
from eropaf.triage.facts import CaseFacts
from eropaf.triage.policy import ContactStep, Policy, Priority
from eropaf.triage.presets import preset
from eropaf.triage.rules import Decision, evaluate
from tests.triage import case

LEIDEN = preset("leiden")

HOME_VISIT = (ContactStep(ContactKind.HOME_VISIT),)
MAIL_LETTER = (ContactStep(ContactKind.EMAIL), ContactStep(ContactKind.LETTER))
# rule → (work queue, contact steps); "drempel" is not picked up.
ACTIONS = {
    "jongeren-huisbezoek": ("huisbezoek", HOME_VISIT),
    "jongeren-drempel": ("jongerenaanpak", MAIL_LETTER),
    "huisbezoek": ("huisbezoek", HOME_VISIT),
    "telefoon": ("telefoon", (ContactStep(ContactKind.PHONE), *MAIL_LETTER)),
    "e-mail": ("mail", MAIL_LETTER),
    "brief": ("brief", (ContactStep(ContactKind.LETTER),)),
}


def decide(facts: CaseFacts, policy: Policy = LEIDEN) -> Decision:
    return evaluate(policy, facts)


ADULT_AGES = [
    pytest.param(None, id="age unknown"),
    pytest.param(17, id="17"),
    pytest.param(28, id="28"),
    pytest.param(45, id="45"),
]
YOUNG_AGES = [pytest.param(18, id="18"), pytest.param(23, id="23"), pytest.param(27, id="27")]


@pytest.mark.parametrize("age", ADULT_AGES)
@pytest.mark.parametrize(
    ("euros", "rule"),
    [
        pytest.param("0.01", "drempel", id="€0.01 threshold"),
        pytest.param("19.99", "drempel", id="€19.99 threshold"),
        pytest.param("20", "drempel", id="€20 threshold"),
        pytest.param("20.01", "drempel", id="€20.01 threshold"),
        pytest.param("49.99", "drempel", id="€49.99 threshold"),
        pytest.param("50", "e-mail", id="€50 e-mail"),
        pytest.param("50.01", "e-mail", id="€50.01 e-mail"),
        pytest.param("199.99", "e-mail", id="€199.99 e-mail"),
        pytest.param("499.99", "e-mail", id="€499.99 e-mail"),
        pytest.param("500", "telefoon", id="€500 phone"),
        pytest.param("500.01", "telefoon", id="€500.01 phone"),
        pytest.param("999.99", "telefoon", id="€999.99 phone"),
        pytest.param("1000", "telefoon", id="€1000 phone"),
        pytest.param("1000.01", "huisbezoek", id="€1000.01 home visit"),
        pytest.param("25000", "huisbezoek", id="€25000 home visit"),
    ],
)
def test_single_signal_of_someone_who_is_not_young(euros: str, rule: str, age: int | None) -> None:
    assert decide(case(euros, age=age)).rule_key == rule


@pytest.mark.parametrize("age", YOUNG_AGES)
@pytest.mark.parametrize(
    ("euros", "rule"),
    [
        pytest.param("0.01", "drempel", id="€0.01 threshold"),
        pytest.param("19.99", "drempel", id="€19.99 threshold"),
        pytest.param("20", "jongeren-drempel", id="€20 youth approach"),
        pytest.param("20.01", "jongeren-drempel", id="€20.01 youth approach"),
        pytest.param("49.99", "jongeren-drempel", id="€49.99 youth approach"),
        pytest.param("50", "jongeren-drempel", id="€50 youth approach"),
        pytest.param("499.99", "jongeren-drempel", id="€499.99 youth approach"),
        pytest.param("500", "jongeren-drempel", id="€500 youth approach"),
        pytest.param("500.01", "jongeren-huisbezoek", id="€500.01 youth home visit"),
        pytest.param("999.99", "jongeren-huisbezoek", id="€999.99 youth home visit"),
        pytest.param("1000.01", "jongeren-huisbezoek", id="€1000.01 youth home visit"),
    ],
)
def test_single_signal_of_a_young_person(euros: str, rule: str, age: int) -> None:
    assert decide(case(euros, age=age)).rule_key == rule


@pytest.mark.parametrize(
    ("age", "rule"),
    [
        pytest.param(None, "huisbezoek", id="age unknown home visit"),
        pytest.param(17, "huisbezoek", id="17 home visit"),
        pytest.param(18, "jongeren-huisbezoek", id="18 youth home visit"),
        pytest.param(27, "jongeren-huisbezoek", id="27 youth home visit"),
        pytest.param(28, "huisbezoek", id="28 home visit"),
    ],
)
@pytest.mark.parametrize("euros", ["0.02", "19.99", "20", "49.99", "50", "500", "1000", "1000.01"])
def test_a_match_in_the_same_month_is_always_a_home_visit(euros: str, age: int | None, rule: str) -> None:
    assert decide(case(euros, age=age, multiple=True)).rule_key == rule


@pytest.mark.parametrize(
    ("euros", "age", "multiple", "rule"),
    [
        pytest.param("49.99", 45, False, "drempel", id="threshold without match"),
        pytest.param("49.99", 45, True, "huisbezoek", id="no threshold with match"),
        pytest.param("19.99", 23, False, "drempel", id="youth threshold without match"),
        pytest.param("19.99", 23, True, "jongeren-huisbezoek", id="youth no threshold with match"),
        pytest.param("300", 17, False, "e-mail", id="17 is not young"),
        pytest.param("300", 18, False, "jongeren-drempel", id="18 is young"),
        pytest.param("300", 27, False, "jongeren-drempel", id="27 is young"),
        pytest.param("300", 28, False, "e-mail", id="28 is not young"),
        pytest.param("600", 17, False, "telefoon", id="17 with €600 phone"),
        pytest.param("600", 18, False, "jongeren-huisbezoek", id="18 with €600 youth home visit"),
        pytest.param("600", 27, False, "jongeren-huisbezoek", id="27 with €600 youth home visit"),
        pytest.param("600", 28, False, "telefoon", id="28 with €600 phone"),
        pytest.param("30", 17, False, "drempel", id="17 with €30 threshold"),
        pytest.param("30", 18, False, "jongeren-drempel", id="18 with €30 youth approach"),
        pytest.param("30", 27, False, "jongeren-drempel", id="27 with €30 youth approach"),
        pytest.param("30", 28, False, "drempel", id="28 with €30 threshold"),
    ],
)
def test_ages_and_same_month_match_at_their_boundaries(
    euros: str, age: int, multiple: bool, rule: str
) -> None:
    assert decide(case(euros, age=age, multiple=multiple)).rule_key == rule


@pytest.mark.parametrize("kind", ["rent", "health_insurance", "energy", "water", "other"])
def test_the_threshold_holds_for_every_partner_type(kind: str) -> None:
    assert decide(case("49.99", age=45, kind=kind)).rule_key == "drempel"
    assert decide(case("50", age=45, kind=kind)).rule_key == "e-mail"


def test_below_the_threshold_is_not_picked_up_as_an_unjustified_signal() -> None:
    decision = decide(case("49.99", age=45))
    assert decision.action.not_picked_up == Outcome.NOT_PICKED_UP_UNJUSTIFIED
    assert decision.summary == (
        "Niet opgepakt (onterecht signaal): totaalbedrag € 49,99 (minder dan € 50,00), niet meervoudig, "
        "leeftijd 45 (niet 18 tot en met 27)"
    )


@pytest.mark.parametrize(("rule", "expected"), list(ACTIONS.items()), ids=list(ACTIONS))
def test_each_row_has_its_queue_and_contact_steps(
    rule: str, expected: tuple[str, tuple[ContactStep, ...]]
) -> None:
    action = next(item for item in LEIDEN.rules if item.key == rule).action
    assert (action.queue, action.steps) == expected


def test_home_visits_have_high_priority_and_the_youth_approach_its_letter() -> None:
    assert decide(case("1000.01")).action.priority == Priority.HIGH
    assert decide(case("600", age=23)).action.priority == Priority.HIGH
    assert decide(case("600")).action.priority == Priority.NORMAL
    assert decide(case("300", age=23)).action.letter_template == "jongeren"


def test_the_rules_are_in_the_order_of_the_table() -> None:
    assert [rule.key for rule in LEIDEN.rules] == [
        "drempel",
        "jongeren-huisbezoek",
        "jongeren-drempel",
        "huisbezoek",
        "telefoon",
        "e-mail",
        "brief",
    ]


def test_the_letter_row_decides_only_when_the_e_mail_row_is_taken_away() -> None:
    without_mail = Policy(
        name=LEIDEN.name,
        description=LEIDEN.description,
        rules=tuple(rule for rule in LEIDEN.rules if rule.key != "e-mail"),
        default=LEIDEN.default,
    )
    assert decide(case("50"), without_mail).rule_key == "brief"
    assert decide(case("1000"), without_mail).rule_key == "telefoon"


def test_the_explanation_of_a_youth_home_visit() -> None:
    assert decide(case("640", age=23)).summary == (
        "Huisbezoek: leeftijd 23 (18 tot en met 27), totaalbedrag € 640,00 (meer dan € 500,00)"
    )
