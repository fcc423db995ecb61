"""The national default and the Signalering+ preset, and what every preset shares."""

import pytest

from eropaf.core.vocabularies import ContactKind, Outcome, PartnerType
from eropaf.triage.facts import CaseFacts
from eropaf.triage.policy import ContactStep, Priority, dump_policy_yaml, load_policy_yaml
from eropaf.triage.presets import NATIONAL_DEFAULT, PRESETS, UnknownPreset, preset, preset_names, preset_text
from eropaf.triage.rules import evaluate
from tests.triage import case

NATIONAL = preset("landelijk")
SIGNALERING_PLUS = preset("signalering-plus")


def rent(euros: str, **facts: bool) -> CaseFacts:
    base = case(euros, kind=PartnerType.RENT)
    return CaseFacts(
        partner_types=base.partner_types,
        amounts_cents=base.amounts_cents,
        total_amount_cents=base.total_amount_cents,
        is_rising=facts.get("rising", False),
        is_consecutive=facts.get("consecutive", False),
        has_accepted_help_before=facts.get("helped", False),
        has_summons=facts.get("summons", False),
        has_judgment=facts.get("judgment", False),
        has_eviction_date=facts.get("eviction", False),
    )


@pytest.mark.parametrize(
    ("facts", "rule"),
    [
        pytest.param(case("74.99"), "drempel", id="€74.99 below threshold"),
        pytest.param(case("75"), "standaard", id="€75 letter and phone"),
        pytest.param(case("74.99", multiple=True), "meervoudig", id="€74.99 multiple home visit"),
        pytest.param(case("500", multiple=True), "meervoudig", id="multiple home visit"),
        pytest.param(rent("74.99"), "drempel", id="rent below threshold"),
        pytest.param(rent("75"), "huur", id="rent first"),
        pytest.param(case("500", multiple=True, kind=PartnerType.RENT), "huur", id="rent before multiple"),
        pytest.param(rent("10", summons=True), "rechtsgang", id="summons before threshold"),
        pytest.param(rent("900", judgment=True), "rechtsgang", id="judgment"),
        pytest.param(rent("900", eviction=True), "rechtsgang", id="eviction date"),
    ],
)
def test_the_national_default(facts: CaseFacts, rule: str) -> None:
    assert evaluate(NATIONAL, facts).rule_key == rule


def test_the_national_default_actions() -> None:
    below = evaluate(NATIONAL, case("74.99")).action
    assert below.not_picked_up == Outcome.NOT_PICKED_UP_UNJUSTIFIED
    rent_action = evaluate(NATIONAL, rent("75")).action
    assert rent_action.priority == Priority.HIGH
    assert ContactStep(ContactKind.HOME_VISIT) in rent_action.steps
    assert evaluate(NATIONAL, case("500", multiple=True)).action.steps == (
        ContactStep(ContactKind.HOME_VISIT),
    )
    assert evaluate(NATIONAL, case("75")).action.steps == (
        ContactStep(ContactKind.LETTER, "contactverzoek"),
        ContactStep(ContactKind.PHONE),
    )
    assert evaluate(NATIONAL, rent("10", summons=True)).action.priority == Priority.URGENT


SIGNALERING_PLUS_PROTOCOL = (
    ContactStep(ContactKind.LETTER),
    ContactStep(ContactKind.PHONE),
    ContactStep(ContactKind.PHONE),
    ContactStep(ContactKind.WHATSAPP_CALL),
    ContactStep(ContactKind.SMS_WHATSAPP),
    ContactStep(ContactKind.HOME_VISIT),
    ContactStep(ContactKind.HOME_VISIT),
    ContactStep(ContactKind.CARD),
)


def test_signalering_plus_for_a_rising_rent_arrear_without_help() -> None:
    decision = evaluate(SIGNALERING_PLUS, rent("640", rising=True, consecutive=True))
    assert decision.rule_key == "signalering-plus"
    assert decision.action.queue == "signalering-plus"
    assert decision.action.steps == SIGNALERING_PLUS_PROTOCOL
    assert decision.summary == (
        "Brief, 2× telefoon, whatsapp-belpoging, sms/whatsapp, 2× huisbezoek en kaartje: "
        "signaal voor huur, oplopend, nog geen hulp geaccepteerd"
    )


@pytest.mark.parametrize(
    ("facts", "rule"),
    [
        pytest.param(
            rent("640", rising=True, consecutive=True, helped=True), "huur-recidive", id="helped before"
        ),
        pytest.param(rent("640", consecutive=True), "huur-recidive", id="not rising"),
        pytest.param(rent("640"), "huur-enkelvoudig", id="single rent signal"),
        pytest.param(rent("640", rising=True, summons=True), "deurwaarder", id="summons"),
        pytest.param(rent("640", judgment=True), "deurwaarder", id="judgment"),
        pytest.param(rent("640", summons=True, eviction=True), "ontruiming", id="eviction date first"),
        pytest.param(case("300", kind=PartnerType.BAILIFF), "deurwaarder", id="bailiff signal"),
        pytest.param(case("300", kind=PartnerType.MORTGAGE), "hypotheek", id="mortgage pilot"),
        pytest.param(
            CaseFacts(partner_types=frozenset({"energy"}), is_rising=True),
            "oplopende-recidive",
            id="rising energy",
        ),
        pytest.param(
            CaseFacts(partner_types=frozenset({"water"}), is_persistent=True),
            "slepende-recidive",
            id="persistent water",
        ),
        pytest.param(
            CaseFacts(partner_types=frozenset({"energy"}), is_end_of_supply=True),
            "eindelevering",
            id="end of supply",
        ),
        pytest.param(case("300", kind=PartnerType.ENERGY), "standaard", id="early detection"),
    ],
)
def test_the_rent_route_and_follow_up_categories_of_breda(facts: CaseFacts, rule: str) -> None:
    assert evaluate(SIGNALERING_PLUS, facts).rule_key == rule


def test_the_eviction_stage_always_visits_and_leaves_a_card() -> None:
    action = evaluate(SIGNALERING_PLUS, rent("2000", eviction=True)).action
    assert action.priority == Priority.URGENT
    assert {step.kind for step in action.steps} >= {ContactKind.HOME_VISIT, ContactKind.CARD}


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_survives_yaml_and_says_what_it_read(name: str) -> None:
    policy = PRESETS[name]
    assert load_policy_yaml(dump_policy_yaml(policy)) == policy
    assert load_policy_yaml(preset_text(name)) == policy
    assert "Gekozen lezingen" in preset_text(name)


def test_the_presets_by_name() -> None:
    assert preset_names() == ("landelijk", "leiden", "oost-gelre", "signalering-plus")
    assert NATIONAL_DEFAULT == "landelijk"
    assert [PRESETS[name].name for name in preset_names()] == [
        "Landelijk",
        "Leiden",
        "Oost Gelre",
        "Signalering+",
    ]
    with pytest.raises(UnknownPreset, match='Er is geen voorinstelling "breda"; kies uit: landelijk, leiden'):
        preset("breda")
    with pytest.raises(UnknownPreset):
        preset_text("../policy")
