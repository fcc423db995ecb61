"""The set-based evaluation (``bulk_rules``) decides exactly as the case-by-case one (``rules``)."""

import json

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eropaf.core.money import format_euros
from eropaf.triage.bulk_rules import DEFAULT_POSITION, decide_frame, euros_text
from eropaf.triage.definitions import DEFAULT_RULE_KEY
from eropaf.triage.facts import CaseFacts, facts_as_data, facts_from_data
from eropaf.triage.facts_frame import PARTNER_TYPE_CODES, compact_facts, facts_frame_of, facts_json
from eropaf.triage.policy import Policy, load_policy_yaml
from eropaf.triage.presets import preset, preset_names
from eropaf.triage.rules import compile_policy

EVERY_KIND = """
naam: Elke soort voorwaarde
omschrijving: Om de twee evaluaties naast elkaar te leggen.
regels:
  - sleutel: huur-en-energie
    omschrijving: Huur en energie samen
    als:
      bedrag_minstens: {huur: 300, energie: 50}
      soort_aanwezig: [huur, energie, water]
    dan: {werkbak: huisbezoek, contact: [huisbezoek, kaartje]}
  - sleutel: wijk
    omschrijving: Wijk en huurmaanden
    als:
      wijk_in: [centrum, noord]
      maanden_huurachterstand_van_tot: [2, 5]
    dan: {werkbak: wijk, contact: [telefoon]}
  - sleutel: niet-jong
    omschrijving: Geen jongere en geen crisis, wel veel signalen
    als:
      niet:
        leeftijd_van_tot: [18, 27]
        crisis: ja
        bedrag_onder: {zorg: 100}
      aantal_signalen_minstens: 3
    dan: {werkbak: veel, contact: ['brief:contactverzoek', mail]}
  - sleutel: een-van
    omschrijving: Een van drie
    als:
      een_van:
        - {minderjarigen: ja, totaalbedrag_boven: 1000}
        - {leeftijd_onder: 30, dagvaarding: ja}
        - niet: {wijk_in: [zuid], oplopend: nee}
    dan: {werkbak: een-van, contact: [sms_whatsapp]}
  - sleutel: oud
    omschrijving: Oud of veel maanden
    als:
      een_van:
        - leeftijd_boven: 80
        - maanden_huurachterstand_hoogstens: 0
        - aantal_signalen_hoogstens: 1
    dan: {niet_opgepakt: onterecht_signaal}
standaard: {werkbak: rest, contact: [brief]}
"""

AMOUNT_EDGES = [0, 1, 1999, 2000, 2001, 4999, 5000, 5001, 7500, 10000, 30000, 50000, 50001, 100000, 100001]

amounts = st.one_of(st.sampled_from(AMOUNT_EDGES), st.integers(min_value=0, max_value=2_000_000_000))


@st.composite
def case_facts(draw: st.DrawFn) -> CaseFacts:
    chosen = draw(st.lists(st.sampled_from(PARTNER_TYPE_CODES), max_size=4, unique=True))
    amounts_cents = {code: draw(amounts) for code in chosen}
    flags = {
        name: draw(st.booleans())
        for name in (
            "is_multiple", "is_consecutive", "is_rising", "is_persistent", "is_repeat", "is_crisis",
            "is_end_of_supply", "is_known_to_debt_services", "has_minors", "is_warm_handover",
            "has_accepted_help_before", "has_summons", "has_judgment", "has_eviction_date",
        )
    }  # fmt: skip
    return CaseFacts(
        partner_types=frozenset(amounts_cents),
        amounts_cents=amounts_cents,
        total_amount_cents=sum(amounts_cents.values()),
        signal_count=draw(st.integers(min_value=0, max_value=6)),
        age=draw(
            st.one_of(st.none(), st.sampled_from([16, 17, 18, 27, 28, 29, 30, 80, 81]), st.integers(0, 130))
        ),
        district=draw(st.sampled_from(["", "centrum", "noord", "zuid", 'w"ijk'])),
        rent_months=draw(st.one_of(st.none(), st.integers(min_value=0, max_value=8))),
        **flags,
    )


POLICIES = [preset(name) for name in preset_names()] + [load_policy_yaml(EVERY_KIND)]


def _case_by_case(policy: Policy, facts: list[CaseFacts]) -> list[tuple[str, list[str]]]:
    decisions = compile_policy(policy).evaluate_many(facts)
    return [(decision.rule_key, list(decision.reasons)) for decision in decisions]


def _set_based(policy: Policy, facts: list[CaseFacts]) -> list[tuple[str, list[str]]]:
    decided = decide_frame(policy, facts_frame_of(facts))
    keys = [rule.key for rule in policy.rules]
    return [
        (DEFAULT_RULE_KEY if position == DEFAULT_POSITION else keys[position], reasons)
        for position, reasons in decided.iter_rows()
    ]


@pytest.mark.parametrize("policy", POLICIES, ids=lambda policy: policy.name)
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(facts=st.lists(case_facts(), min_size=1, max_size=40))
def test_same_rule_and_reasons_as_case_by_case(policy: Policy, facts: list[CaseFacts]) -> None:
    assert _set_based(policy, facts) == _case_by_case(policy, facts)


def test_every_rule_of_the_test_policy_fires_somewhere() -> None:
    """The comparison above means something only when the policy's rules are reached."""
    policy = load_policy_yaml(EVERY_KIND)
    facts = [
        CaseFacts(partner_types=frozenset({"rent", "energy"}), amounts_cents={"rent": 30000, "energy": 5000}),
        CaseFacts(district="noord", rent_months=3, age=40),
        CaseFacts(signal_count=3, age=40, district="zuid", is_rising=True),
        CaseFacts(
            has_minors=True, total_amount_cents=100001, district="zuid", is_rising=True, signal_count=2
        ),
        CaseFacts(age=81, district="zuid", is_rising=True, signal_count=2),
        CaseFacts(age=50, district="zuid", is_rising=True, signal_count=2),
    ]
    fired = [key for key, _ in _set_based(policy, facts)]
    assert fired == ["huur-en-energie", "wijk", "niet-jong", "een-van", "oud", DEFAULT_RULE_KEY]
    assert _set_based(policy, facts) == _case_by_case(policy, facts)


def test_a_policy_without_rules_decides_by_its_default() -> None:
    policy = load_policy_yaml(EVERY_KIND)
    empty = Policy(name=policy.name, description="", rules=(), default=policy.default)
    assert _set_based(empty, [CaseFacts(), CaseFacts(age=3)]) == [(DEFAULT_RULE_KEY, [])] * 2


@given(cents=st.one_of(st.sampled_from([0, 99, 100, 99_999, 100_000, -550]), st.integers(-(10**15), 10**15)))
def test_euros_as_format_euros(cents: int) -> None:
    frame = pl.DataFrame({"cents": [cents]})
    assert frame.select(euros_text(pl.col("cents"))).item() == format_euros(cents)


@settings(max_examples=80)
@given(facts=st.lists(case_facts(), min_size=1, max_size=20))
def test_facts_json_as_the_facts_file(facts: list[CaseFacts]) -> None:
    written = facts_frame_of(facts).select(facts_json()).to_series().to_list()
    assert [json.loads(text) for text in written] == [facts_as_data(one) for one in facts]


@settings(max_examples=80)
@given(facts=st.lists(case_facts(), min_size=1, max_size=20))
def test_the_compact_facts_json_reads_back_to_the_same_facts(facts: list[CaseFacts]) -> None:
    written = facts_frame_of(facts).select(facts_json(compact=True)).to_series().to_list()
    stored = [json.loads(text) for text in written]
    assert stored == [compact_facts(facts_as_data(one)) for one in facts]
    for data, one in zip(stored, facts, strict=True):
        left_out = {key: value for key, value in facts_as_data(one).items() if key not in data}
        assert set(left_out.values()) <= {False, None, ""}
        assert "meervoudig" in data


def test_compact_facts_read_back_as_the_whole_facts_file() -> None:
    whole = {
        "soorten": ["huur"],
        "bedragen": {"huur": "640"},
        "totaalbedrag": "640",
        "aantal_signalen": 1,
        "meervoudig": False,
        "opeenvolgend": False,
        "minderjarigen": True,
        "leeftijd": None,
        "wijk": "",
        "maanden_huurachterstand": 3,
    }
    compact = compact_facts(whole)
    assert compact == {
        "soorten": ["huur"],
        "bedragen": {"huur": "640"},
        "totaalbedrag": "640",
        "aantal_signalen": 1,
        "meervoudig": False,
        "minderjarigen": True,
        "maanden_huurachterstand": 3,
    }
    assert facts_from_data(compact) == facts_from_data(whole)
