"""The Oost Gelre preset, row by row of its table (BRIEF §3.4), at and around every boundary.

Expected rules are written out, not derived. Readings (src/eropaf/triage/presets/oost-gelre.yaml): no
threshold, everyone gets a letter; young people 18 to 27 inclusive, minor children and recidive
(consecutive) get the contact-request letter, phone, WhatsApp and a home visit at any amount; so does
anyone else above € 200 (strictly); the rest gets the information letter.
"""

import pytest

from eropaf.core.vocabularies import ContactKind
from eropaf.triage.policy import ContactStep, Priority
from eropaf.triage.presets import preset
from eropaf.triage.rules import evaluate
from tests.triage import case

OOST_GELRE = preset("oost-gelre")

PERSONAL = (
    ContactStep(ContactKind.LETTER, "contactverzoek"),
    ContactStep(ContactKind.PHONE),
    ContactStep(ContactKind.SMS_WHATSAPP),
    ContactStep(ContactKind.HOME_VISIT),
)
INFORMATION_LETTER = (ContactStep(ContactKind.LETTER, "informatie"),)


@pytest.mark.parametrize(
    "age", [pytest.param(18, id="18"), pytest.param(23, id="23"), pytest.param(27, id="27")]
)
@pytest.mark.parametrize("euros", ["0.01", "19.99", "200", "200.01", "5000"])
def test_young_people_get_personal_contact_at_any_amount(euros: str, age: int) -> None:
    decision = evaluate(OOST_GELRE, case(euros, age=age))
    assert decision.rule_key == "jongeren"
    assert (decision.action.queue, decision.action.steps) == ("persoonlijk-contact", PERSONAL)


@pytest.mark.parametrize(
    "age", [pytest.param(None, id="age unknown"), pytest.param(17, id="17"), pytest.param(28, id="28")]
)
@pytest.mark.parametrize(
    ("euros", "rule"),
    [
        pytest.param("0.01", "standaard", id="€0.01 letter"),
        pytest.param("19.99", "standaard", id="€19.99 letter"),
        pytest.param("49.99", "standaard", id="€49.99 letter"),
        pytest.param("199.99", "standaard", id="€199.99 letter"),
        pytest.param("200", "standaard", id="€200 letter"),
        pytest.param("200.01", "overig", id="€200.01 personal contact"),
        pytest.param("1000.01", "overig", id="€1000.01 personal contact"),
    ],
)
def test_others_by_amount_strictly_above_200(euros: str, rule: str, age: int | None) -> None:
    assert evaluate(OOST_GELRE, case(euros, age=age)).rule_key == rule


@pytest.mark.parametrize(
    ("age", "minors", "consecutive", "rule"),
    [
        pytest.param(45, True, False, "minderjarigen", id="minors"),
        pytest.param(17, True, False, "minderjarigen", id="17 with minors"),
        pytest.param(28, True, False, "minderjarigen", id="28 with minors"),
        pytest.param(45, False, True, "recidive", id="recidive"),
        pytest.param(45, True, True, "minderjarigen", id="minors before recidive"),
        pytest.param(23, True, True, "jongeren", id="young before minors and recidive"),
        pytest.param(28, False, True, "recidive", id="28 recidive"),
        pytest.param(45, False, False, "standaard", id="none of them"),
    ],
)
@pytest.mark.parametrize("euros", ["0.01", "199.99", "200"])
def test_minors_and_recidive_get_personal_contact_at_any_amount(
    euros: str, age: int, minors: bool, consecutive: bool, rule: str
) -> None:
    decision = evaluate(OOST_GELRE, case(euros, age=age, minors=minors, consecutive=consecutive))
    assert decision.rule_key == rule
    assert decision.action.steps == (INFORMATION_LETTER if rule == "standaard" else PERSONAL)


@pytest.mark.parametrize(
    "multiple", [pytest.param(False, id="single"), pytest.param(True, id="same-month match")]
)
def test_a_same_month_match_changes_nothing(multiple: bool) -> None:
    assert evaluate(OOST_GELRE, case("150", age=45, multiple=multiple)).rule_key == "standaard"
    assert evaluate(OOST_GELRE, case("250", age=45, multiple=multiple)).rule_key == "overig"


def test_there_is_no_threshold_everyone_gets_a_letter() -> None:
    decision = evaluate(OOST_GELRE, case("0.01", age=45))
    assert decision.action.is_picked_up
    assert decision.action.queue == "brief"
    assert decision.action.steps == INFORMATION_LETTER
    assert decision.action.priority == Priority.LOW
    for rule in OOST_GELRE.rules:
        assert rule.action.is_picked_up
        assert rule.action.steps[0].kind == ContactKind.LETTER


def test_the_explanations() -> None:
    assert evaluate(OOST_GELRE, case("30", age=45, minors=True)).summary == (
        "Brief (contactverzoek), telefoon, sms/whatsapp en huisbezoek: minderjarige kinderen"
    )
    assert evaluate(OOST_GELRE, case("200.01", age=45)).summary == (
        "Brief (contactverzoek), telefoon, sms/whatsapp en huisbezoek: "
        "totaalbedrag € 200,01 (meer dan € 200,00)"
    )
    assert evaluate(OOST_GELRE, case("200", age=45)).summary == (
        "Brief (informatie): geen regel van toepassing (standaard)"
    )
