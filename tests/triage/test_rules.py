"""Evaluation: the first rule whose conditions hold decides, and the Dutch explanation names the facts
that made it fire. Also the facts file. No database."""

import dataclasses
import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eropaf.core.vocabularies import Outcome, PartnerType
from eropaf.triage import format as vocabulary
from eropaf.triage.facts import CaseFacts, FactsInvalid, facts_as_data, facts_from_data, load_facts_json
from eropaf.triage.policy import (
    DEFAULT_RULE_KEY,
    Action,
    Bound,
    Comparison,
    ContactStep,
    Flag,
    Measure,
    NumberCondition,
    Policy,
    Priority,
    Rule,
    load_policy_yaml,
)
from eropaf.triage.rules import compile_policy, evaluate, evaluate_many
from tests.triage.test_policy_format import EXAMPLE


def policy_with(als: str, dan: str = "werkbak: test\n      contact: [telefoon]") -> Policy:
    return load_policy_yaml(
        f"naam: Test\nregels:\n  - sleutel: test\n    omschrijving: Test\n    als:\n      {als}\n"
        f"    dan:\n      {dan}\nstandaard:\n  werkbak: brief\n  contact: [brief]\n"
    )


def fires(policy: Policy, facts: CaseFacts) -> bool:
    return evaluate(policy, facts).rule_key == "test"


def test_the_summary_names_the_facts_that_made_the_rule_fire() -> None:
    decision = evaluate(load_policy_yaml(EXAMPLE), CaseFacts(total_amount_cents=64_000, age=23))
    assert decision.rule_key == "jongere-huisbezoek"
    assert decision.rule_label == "Huisbezoek voor jongeren"
    assert decision.reasons == ("leeftijd 23 (18 tot en met 27)", "totaalbedrag € 640,00 (meer dan € 500,00)")
    assert (
        decision.summary
        == "Huisbezoek: leeftijd 23 (18 tot en met 27), totaalbedrag € 640,00 (meer dan € 500,00)"
    )
    assert decision.action.queue == "huisbezoek"
    assert decision.action.priority == Priority.HIGH
    assert decision.due_date(dt.date(2026, 11, 10)) == dt.date(2026, 11, 24)


def test_both_alternatives_are_named_when_both_hold() -> None:
    decision = evaluate(
        load_policy_yaml(EXAMPLE), CaseFacts(total_amount_cents=64_000, age=23, is_multiple=True)
    )
    assert decision.reasons == (
        "leeftijd 23 (18 tot en met 27)",
        "meervoudig",
        "totaalbedrag € 640,00 (meer dan € 500,00)",
    )


def test_not_picked_up_names_the_reason() -> None:
    decision = evaluate(load_policy_yaml(EXAMPLE), CaseFacts(total_amount_cents=4_999))
    assert decision.rule_key == "drempel"
    assert decision.action.not_picked_up == Outcome.NOT_PICKED_UP_UNJUSTIFIED
    assert (
        decision.summary
        == "Niet opgepakt (onterecht signaal): totaalbedrag € 49,99 (minder dan € 50,00), niet meervoudig"
    )
    assert decision.due_date(dt.date(2026, 11, 10)) is None


def test_the_first_rule_that_holds_decides() -> None:
    policy = load_policy_yaml(EXAMPLE)
    # Both rules could fire for a young person under the threshold without a same-month match… except
    # that the second needs a match or > €500; with a match the first no longer holds.
    assert evaluate(policy, CaseFacts(total_amount_cents=1_000, age=23)).rule_key == "drempel"
    assert evaluate(policy, CaseFacts(total_amount_cents=1_000, age=23, is_multiple=True)).rule_key == (
        "jongere-huisbezoek"
    )


def test_no_rule_gives_the_default() -> None:
    decision = evaluate(load_policy_yaml(EXAMPLE), CaseFacts(total_amount_cents=30_000, age=45))
    assert decision.rule_key == DEFAULT_RULE_KEY
    assert decision.is_default
    assert decision.reasons == ()
    assert decision.summary == "Brief: geen regel van toepassing (standaard)"
    assert decision.due_date(dt.date(2026, 11, 10)) == dt.date(2026, 12, 8)


@pytest.mark.parametrize(
    ("als", "facts", "expected", "reasons"),
    [
        pytest.param(
            "totaalbedrag_onder: 50",
            CaseFacts(total_amount_cents=4_999),
            True,
            ["totaalbedrag € 49,99 (minder dan € 50,00)"],
            id="below holds",
        ),
        pytest.param(
            "totaalbedrag_onder: 50", CaseFacts(total_amount_cents=5_000), False, None, id="below is strict"
        ),
        pytest.param(
            "totaalbedrag_hoogstens: 50",
            CaseFacts(total_amount_cents=5_000),
            True,
            ["totaalbedrag € 50,00 (hoogstens € 50,00)"],
            id="at most includes",
        ),
        pytest.param(
            "totaalbedrag_minstens: 50",
            CaseFacts(total_amount_cents=5_000),
            True,
            ["totaalbedrag € 50,00 (minstens € 50,00)"],
            id="at least includes",
        ),
        pytest.param(
            "totaalbedrag_minstens: 50", CaseFacts(total_amount_cents=4_999), False, None, id="at least below"
        ),
        pytest.param(
            "totaalbedrag_boven: 50", CaseFacts(total_amount_cents=5_000), False, None, id="above is strict"
        ),
        pytest.param(
            "totaalbedrag_van_tot: [20, 500]",
            CaseFacts(total_amount_cents=2_000),
            True,
            ["totaalbedrag € 20,00 (€ 20,00 tot en met € 500,00)"],
            id="range includes its start",
        ),
        pytest.param(
            "totaalbedrag_van_tot: [20, 500]",
            CaseFacts(total_amount_cents=50_000),
            True,
            ["totaalbedrag € 500,00 (€ 20,00 tot en met € 500,00)"],
            id="range includes its end",
        ),
        pytest.param(
            "totaalbedrag_van_tot: [20, 500]",
            CaseFacts(total_amount_cents=50_001),
            False,
            None,
            id="range ends",
        ),
        pytest.param(
            "leeftijd_onder: 18", CaseFacts(age=17), True, ["leeftijd 17 (jonger dan 18)"], id="younger"
        ),
        pytest.param(
            "leeftijd_boven: 65", CaseFacts(age=66), True, ["leeftijd 66 (ouder dan 65)"], id="older"
        ),
        pytest.param("leeftijd_onder: 18", CaseFacts(age=None), False, None, id="unknown age never holds"),
        pytest.param(
            "aantal_signalen_minstens: 3",
            CaseFacts(signal_count=3),
            True,
            ["3 signalen (minstens 3)"],
            id="signal count",
        ),
        pytest.param(
            "maanden_huurachterstand_minstens: 3",
            CaseFacts(rent_months=3),
            True,
            ["3 maanden huurachterstand (minstens 3)"],
            id="rent months",
        ),
        pytest.param(
            "maanden_huurachterstand_minstens: 1",
            CaseFacts(rent_months=None),
            False,
            None,
            id="unknown rent months never hold",
        ),
        pytest.param(
            "bedrag_boven: {huur: 500}",
            CaseFacts(partner_types=frozenset({"rent"}), amounts_cents={"rent": 50_001}),
            True,
            ["huur € 500,01 (meer dan € 500,00)"],
            id="amount of a type",
        ),
        pytest.param(
            "bedrag_onder: {huur: 500}",
            CaseFacts(partner_types=frozenset({"energy"}), amounts_cents={"energy": 100}),
            False,
            None,
            id="amount of an absent type never holds",
        ),
        pytest.param(
            "soort_aanwezig: [huur, water]",
            CaseFacts(partner_types=frozenset({"rent", "energy"})),
            True,
            ["signaal voor huur"],
            id="partner type present",
        ),
        pytest.param(
            "soort_aanwezig: [huur, water]",
            CaseFacts(partner_types=frozenset({"energy"})),
            False,
            None,
            id="partner type absent",
        ),
        pytest.param(
            "wijk_in: [centrum, noord]", CaseFacts(district="noord"), True, ["wijk noord"], id="district"
        ),
        pytest.param(
            "wijk_in: [centrum, noord]", CaseFacts(district="zuid"), False, None, id="other district"
        ),
        pytest.param("dagvaarding: ja", CaseFacts(has_summons=True), True, ["dagvaarding"], id="flag yes"),
        pytest.param(
            "minderjarigen: nee",
            CaseFacts(has_minors=False),
            True,
            ["geen minderjarige kinderen"],
            id="flag no",
        ),
        pytest.param(
            "niet: {leeftijd_van_tot: [18, 27]}",
            CaseFacts(age=45),
            True,
            ["leeftijd 45 (niet 18 tot en met 27)"],
            id="none of",
        ),
        pytest.param(
            "niet: {leeftijd_van_tot: [18, 27]}",
            CaseFacts(age=None),
            True,
            ["leeftijd onbekend"],
            id="none of with unknown age",
        ),
        pytest.param(
            "niet: {leeftijd_van_tot: [18, 27], crisis: ja}",
            CaseFacts(age=45, is_crisis=True),
            False,
            None,
            id="none of fails when one holds",
        ),
        pytest.param(
            "niet: {een_van: [{crisis: ja}, {oplopend: ja}]}",
            CaseFacts(),
            True,
            ["geen crisismelding", "niet oplopend"],
            id="none of any of",
        ),
    ],
)
def test_each_condition(als: str, facts: CaseFacts, expected: bool, reasons: list[str] | None) -> None:
    decision = evaluate(policy_with(als), facts)
    assert (decision.rule_key == "test") is expected
    if reasons is not None:
        assert list(decision.reasons) == reasons


@given(
    comparison=st.sampled_from(list(Comparison)),
    limits=st.lists(st.integers(min_value=0, max_value=200), min_size=2, max_size=2).map(sorted),
    number=st.integers(min_value=0, max_value=200),
)
def test_a_compiled_comparison_agrees_with_its_bound(
    comparison: Comparison, limits: list[int], number: int
) -> None:
    low, high = limits
    bound = Bound(comparison, low, high if comparison is Comparison.BETWEEN else None)
    letter = Action(queue="brief", steps=(ContactStep("letter"),))
    policy = Policy(
        name="x",
        description="",
        rules=(
            Rule(key="test", label="Test", conditions=(NumberCondition(Measure.AGE, bound),), action=letter),
        ),
        default=letter,
    )
    assert fires(policy, CaseFacts(age=number)) is bound.holds(number)


def test_all_conditions_of_a_rule_must_hold() -> None:
    policy = policy_with("crisis: ja\n      oplopend: ja")
    assert fires(policy, CaseFacts(is_crisis=True, is_rising=True))
    assert not fires(policy, CaseFacts(is_crisis=True))
    assert not fires(policy, CaseFacts(is_rising=True))


def test_the_headline_counts_repeated_steps_and_names_letter_kinds() -> None:
    policy = policy_with(
        "crisis: ja", "werkbak: test\n      contact: [brief:contactverzoek, telefoon, telefoon, huisbezoek]"
    )
    assert evaluate(policy, CaseFacts(is_crisis=True)).summary == (
        "Brief (contactverzoek), 2× telefoon en huisbezoek: crisismelding"
    )


def test_every_flag_is_a_fact_and_a_word_of_both_files() -> None:
    fields = {field.name for field in dataclasses.fields(CaseFacts)}
    for word, flag in vocabulary.FLAGS.items():
        assert flag.value in fields
        facts = facts_from_data({word: "ja", **({"aantal_signalen": 2} if flag is Flag.MULTIPLE else {})})
        assert [name for name in fields if getattr(facts, name) is True] == [flag.value]
        assert fires(policy_with(f"{word}: ja"), facts)
        assert not fires(policy_with(f"{word}: ja"), CaseFacts())
    assert set(vocabulary.FLAGS.values()) == set(Flag)


def test_evaluate_many_gives_the_same_as_one_by_one() -> None:
    policy = load_policy_yaml(EXAMPLE)
    facts = [
        CaseFacts(total_amount_cents=cents, age=age) for cents in (0, 4_999, 64_000) for age in (None, 23, 45)
    ]
    assert evaluate_many(policy, facts) == [evaluate(policy, one) for one in facts]
    assert compile_policy(policy) is compile_policy(load_policy_yaml(EXAMPLE))


# --- the facts file -------------------------------------------------------------------------------


def test_facts_are_read_from_dutch_keys_in_euros() -> None:
    facts = facts_from_data(
        {
            "bedragen": {"huur": "640", "energie": "120,50"},
            "leeftijd": 23,
            "opeenvolgend": "ja",
            "minderjarigen": True,
            "wijk": "noord",
            "maanden_huurachterstand": 2,
        }
    )
    assert facts == CaseFacts(
        partner_types=frozenset({PartnerType.RENT, PartnerType.ENERGY}),
        amounts_cents={PartnerType.RENT: 64_000, PartnerType.ENERGY: 12_050},
        total_amount_cents=76_050,
        signal_count=2,
        is_multiple=True,
        is_consecutive=True,
        has_minors=True,
        age=23,
        district="noord",
        rent_months=2,
    )


def test_facts_left_out_take_their_defaults() -> None:
    assert facts_from_data({}) == CaseFacts()
    assert facts_from_data({"soorten": ["zorg"], "totaalbedrag": 30}) == CaseFacts(
        partner_types=frozenset({PartnerType.HEALTH_INSURANCE}), total_amount_cents=3_000
    )
    assert facts_from_data({"totaalbedrag": 30, "aantal_signalen": 3}).is_multiple


def test_facts_survive_writing_and_reading() -> None:
    facts = facts_from_data(
        {"bedragen": {"huur": "640,10"}, "totaalbedrag": 700, "oplopend": True, "leeftijd": 30}
    )
    assert facts_from_data(json.loads(json.dumps(facts_as_data(facts)))) == facts


def test_every_mistake_in_the_facts_is_reported() -> None:
    with pytest.raises(FactsInvalid) as refused:
        facts_from_data(
            {
                "bedragen": {"gas": 10, "huur": "veel"},
                "leeftijd": "oud",
                "meervoudig": "ja",
                "aantal_signalen": 1,
                "totaalbedragg": 5,
                "crisis": "soms",
            }
        )
    assert refused.value.errors == [
        'totaalbedragg: onbekende sleutel; bedoelt u "totaalbedrag"?',
        (
            'bedragen.gas: onbekende soort "gas"; kies uit: huur, energie, water, zorg, hypotheek, cak_zorg, '
            "cak_eigen_bijdrage, duo, belastingdienst, toeslagen, overig, deurwaarder"
        ),
        'bedragen.huur: verwacht een bedrag in euro\'s van 0 of meer, bijv. 75, 75,50 of 1.000, niet "veel"',
        'crisis: verwacht ja of nee, niet "soms"',
        "meervoudig: ja past niet bij aantal_signalen 1: meervoudig is 2 of meer signalen in dezelfde maand",
        'leeftijd: verwacht een heel getal van 0 tot en met 130, niet "oud"',
    ]


def test_a_total_below_the_sum_is_refused() -> None:
    with pytest.raises(
        FactsInvalid, match=r"totaalbedrag: € 100,00 is minder dan de som van de bedragen \(€ 640,00\)"
    ):
        facts_from_data({"bedragen": {"huur": 640}, "totaalbedrag": 100})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            '{"leeftijd": 23,}',
            "het feitenbestand is geen geldige JSON (fout bij regel 1, kolom 17)",
            id="json",
        ),
        pytest.param(b"\xff\xfe", "het feitenbestand is geen tekst in UTF-8", id="encoding"),
        pytest.param("[1, 2]", "verwacht de feiten van een zaak", id="not an object"),
    ],
)
def test_a_facts_file_that_does_not_read_is_refused(text: str | bytes, message: str) -> None:
    with pytest.raises(FactsInvalid) as refused:
        load_facts_json(text)
    assert message in refused.value.errors[0]


def test_numbers_in_the_facts_file_are_read_as_typed() -> None:
    assert load_facts_json('{"totaalbedrag": 1.000}').total_amount_cents == 100_000
    assert load_facts_json('{"totaalbedrag": 75.5}').total_amount_cents == 7_550
