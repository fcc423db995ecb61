"""The Dutch policy file: what it means, every kind of mistake with its Dutch message and place, and
that a policy survives writing and reading back. No database."""

import textwrap
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eropaf.core.vocabularies import ContactKind, Outcome, PartnerType
from eropaf.triage import format as vocabulary
from eropaf.triage.policy import (
    Action,
    AnyOf,
    Bound,
    Comparison,
    ContactStep,
    DistrictCondition,
    Flag,
    FlagCondition,
    Measure,
    NoneOf,
    NumberCondition,
    PartnerAmountCondition,
    PartnerTypeCondition,
    Policy,
    PolicyInvalid,
    Priority,
    Rule,
    dump_policy_yaml,
    load_policy_yaml,
    parse_policy,
    policy_as_data,
)

EXAMPLE = textwrap.dedent(
    """\
    naam: Leiden
    omschrijving: Voorbeeld
    regels:
      - sleutel: drempel
        omschrijving: Onder de drempel
        als:
          totaalbedrag_onder: 50        # euro's; strikt minder dan
          meervoudig: nee
        dan:
          niet_opgepakt: onterecht_signaal
      - sleutel: jongere-huisbezoek
        omschrijving: Huisbezoek voor jongeren
        als:
          leeftijd_van_tot: [18, 27]
          een_van:
            - meervoudig: ja
            - totaalbedrag_boven: 500
        dan:
          werkbak: huisbezoek
          contact: [huisbezoek]
          prioriteit: hoog
          termijn_dagen: 14
    standaard:
      werkbak: brief
      contact: [brief]
    """
)


def euros(amount: str) -> int:
    whole, _, cents = amount.partition(".")
    return int(whole) * 100 + int(cents.ljust(2, "0") or 0)


def with_rule(als: str = "meervoudig: ja", dan: str = "werkbak: brief\ncontact: [brief]") -> str:
    """A one-rule policy file with the given ``als`` and ``dan`` blocks."""
    return (
        "naam: Test\nregels:\n  - sleutel: regel-een\n    omschrijving: Een regel\n    als:\n"
        + textwrap.indent(als, " " * 6)
        + "\n    dan:\n"
        + textwrap.indent(dan, " " * 6)
        + "\nstandaard:\n  werkbak: brief\n  contact: [brief]\n"
    )


def errors_of(text: str) -> list[str]:
    with pytest.raises(PolicyInvalid) as refused:
        load_policy_yaml(text)
    return refused.value.errors


def test_the_example_reads_as_the_policy_it_describes() -> None:
    assert load_policy_yaml(EXAMPLE) == Policy(
        name="Leiden",
        description="Voorbeeld",
        rules=(
            Rule(
                key="drempel",
                label="Onder de drempel",
                conditions=(
                    NumberCondition(Measure.TOTAL_AMOUNT, Bound(Comparison.BELOW, 5000)),
                    FlagCondition(Flag.MULTIPLE, expected=False),
                ),
                action=Action(not_picked_up=Outcome.NOT_PICKED_UP_UNJUSTIFIED),
            ),
            Rule(
                key="jongere-huisbezoek",
                label="Huisbezoek voor jongeren",
                conditions=(
                    NumberCondition(Measure.AGE, Bound(Comparison.BETWEEN, 18, 27)),
                    AnyOf(
                        (
                            (FlagCondition(Flag.MULTIPLE, expected=True),),
                            (NumberCondition(Measure.TOTAL_AMOUNT, Bound(Comparison.ABOVE, 50_000)),),
                        )
                    ),
                ),
                action=Action(
                    queue="huisbezoek",
                    steps=(ContactStep(ContactKind.HOME_VISIT),),
                    priority=Priority.HIGH,
                    due_days=14,
                ),
            ),
        ),
        default=Action(queue="brief", steps=(ContactStep(ContactKind.LETTER),)),
    )


@pytest.mark.parametrize(
    ("written", "cents"),
    [
        pytest.param("1000", 100_000, id="whole euros"),
        pytest.param("1.000", 100_000, id="dot groups thousands"),
        pytest.param('"1.000"', 100_000, id="dot groups thousands in quotes"),
        pytest.param("1.234,56", 123_456, id="grouped with cents"),
        pytest.param('"75,50"', 7_550, id="comma for cents"),
        pytest.param("75.50", 7_550, id="dot for cents"),
        pytest.param("75.5", 7_550, id="one decimal"),
        pytest.param("0,01", 1, id="one cent"),
        pytest.param('"€ 20"', 2_000, id="euro sign"),
        pytest.param("020", 2_000, id="leading zero is not octal"),
    ],
)
def test_amounts_are_exact_euros(written: str, cents: int) -> None:
    policy = load_policy_yaml(with_rule(f"totaalbedrag_boven: {written}"))
    assert policy.rules[0].conditions == (
        NumberCondition(Measure.TOTAL_AMOUNT, Bound(Comparison.ABOVE, cents)),
    )


def test_every_condition_key_reads() -> None:
    policy = load_policy_yaml(
        with_rule(
            textwrap.dedent(
                """\
                soort_aanwezig: [huur, energie]
                bedrag_boven: {huur: 500, zorg: "75,50"}
                bedrag_van_tot: {water: [20, 100]}
                totaalbedrag_minstens: 75
                totaalbedrag_hoogstens: 1000
                aantal_signalen_minstens: 3
                maanden_huurachterstand_minstens: 2
                leeftijd_onder: 18
                leeftijd_boven: 65
                wijk_in: [centrum, noord]
                opeenvolgend: ja
                oplopend: ja
                aanhoudend: nee
                herhaald: nee
                crisis: ja
                einde_levering: nee
                bekend_bij_schuldhulp: nee
                minderjarigen: ja
                warme_overdracht: ja
                dagvaarding: ja
                vonnis: nee
                ontruimingsdatum: nee
                eerder_hulp_geaccepteerd: nee
                niet:
                  meervoudig: ja"""
            )
        )
    )
    conditions = policy.rules[0].conditions
    assert conditions[:10] == (
        PartnerTypeCondition((PartnerType.RENT, PartnerType.ENERGY)),
        PartnerAmountCondition(PartnerType.RENT, Bound(Comparison.ABOVE, 50_000)),
        PartnerAmountCondition(PartnerType.HEALTH_INSURANCE, Bound(Comparison.ABOVE, 7_550)),
        PartnerAmountCondition(PartnerType.WATER, Bound(Comparison.BETWEEN, 2_000, 10_000)),
        NumberCondition(Measure.TOTAL_AMOUNT, Bound(Comparison.AT_LEAST, 7_500)),
        NumberCondition(Measure.TOTAL_AMOUNT, Bound(Comparison.AT_MOST, 100_000)),
        NumberCondition(Measure.SIGNAL_COUNT, Bound(Comparison.AT_LEAST, 3)),
        NumberCondition(Measure.RENT_MONTHS, Bound(Comparison.AT_LEAST, 2)),
        NumberCondition(Measure.AGE, Bound(Comparison.BELOW, 18)),
        NumberCondition(Measure.AGE, Bound(Comparison.ABOVE, 65)),
    )
    assert conditions[10] == DistrictCondition(("centrum", "noord"))
    flags = {
        condition.flag: condition.expected for condition in conditions if isinstance(condition, FlagCondition)
    }
    assert set(flags) == set(Flag) - {Flag.MULTIPLE}
    assert conditions[-1] == NoneOf((FlagCondition(Flag.MULTIPLE, expected=True),))


def test_every_contact_step_priority_and_reason_reads() -> None:
    steps = (
        load_policy_yaml(
            with_rule(
                dan="werkbak: alles\ncontact: [brief:informatie, mail, sms_whatsapp, whatsapp_bellen, "
                "telefoon, huisbezoek, kaartje, Brief]\nprioriteit: spoed\nbriefsjabloon: jongeren"
            )
        )
        .rules[0]
        .action
    )
    assert steps == Action(
        queue="alles",
        steps=(
            ContactStep(ContactKind.LETTER, "informatie"),
            ContactStep(ContactKind.EMAIL),
            ContactStep(ContactKind.SMS_WHATSAPP),
            ContactStep(ContactKind.WHATSAPP_CALL),
            ContactStep(ContactKind.PHONE),
            ContactStep(ContactKind.HOME_VISIT),
            ContactStep(ContactKind.CARD),
            ContactStep(ContactKind.LETTER),
        ),
        priority=Priority.URGENT,
        letter_template="jongeren",
    )
    for word, outcome in vocabulary.NOT_PICKED_UP_REASONS.items():
        action = load_policy_yaml(with_rule(dan=f"niet_opgepakt: {word}")).rules[0].action
        assert action == Action(not_picked_up=outcome)
        assert outcome.is_not_picked_up


@pytest.mark.parametrize(
    ("als", "dan", "message"),
    [
        pytest.param(
            "totaalbedrag_bovn: 500",
            None,
            'regel 1 "regel-een", als.totaalbedrag_bovn: onbekende voorwaarde; '
            'bedoelt u "totaalbedrag_boven"?',
            id="unknown condition with a suggestion",
        ),
        pytest.param(
            'leeftijd_van_tot: "18-27"',
            None,
            'regel 1 "regel-een", als.leeftijd_van_tot: verwacht twee hele getallen [van, tot], niet "18-27"',
            id="wrong type for a range",
        ),
        pytest.param(
            "leeftijd_van_tot: [27, 18]",
            None,
            'regel 1 "regel-een", als.leeftijd_van_tot: "van" (27) is groter dan "tot" (18)',
            id="from above to",
        ),
        pytest.param(
            "totaalbedrag_van_tot: [500, 20]",
            None,
            'regel 1 "regel-een", als.totaalbedrag_van_tot: "van" (€ 500,00) is groter dan "tot" (€ 20,00)',
            id="amount from above to",
        ),
        pytest.param(
            "totaalbedrag_boven: veel",
            None,
            'regel 1 "regel-een", als.totaalbedrag_boven: verwacht een bedrag in euro\'s van 0 of meer, '
            'bijv. 75, 75,50 of 1.000, niet "veel"',
            id="not an amount",
        ),
        pytest.param(
            "totaalbedrag_boven: -5",
            None,
            'regel 1 "regel-een", als.totaalbedrag_boven: verwacht een bedrag in euro\'s van 0 of meer, '
            'bijv. 75, 75,50 of 1.000, niet "-5"',
            id="negative amount",
        ),
        pytest.param(
            "totaalbedrag_boven: 75,505",
            None,
            'regel 1 "regel-een", als.totaalbedrag_boven: verwacht een bedrag in euro\'s van 0 of meer, '
            'bijv. 75, 75,50 of 1.000, niet "75,505"',
            id="more than two decimals",
        ),
        pytest.param(
            "meervoudig: misschien",
            None,
            'regel 1 "regel-een", als.meervoudig: verwacht ja of nee, niet "misschien"',
            id="not yes or no",
        ),
        pytest.param(
            "soort_aanwezig: [huur, gas]",
            None,
            'regel 1 "regel-een", als.soort_aanwezig[2]: onbekende soort "gas"; kies uit: huur, energie, '
            "water, zorg, hypotheek, cak_zorg, cak_eigen_bijdrage, duo, belastingdienst, toeslagen, overig, "
            "deurwaarder",
            id="unknown partner type",
        ),
        pytest.param(
            "bedrag_boven: {energy: 100}",
            None,
            'regel 1 "regel-een", als.bedrag_boven.energy: onbekende soort "energy"; bedoelt u "energie"?',
            id="unknown partner type in an amount",
        ),
        pytest.param(
            "een_van: [meervoudig: ja]",
            None,
            'regel 1 "regel-een", als.een_van: verwacht een lijst van twee of meer alternatieven, '
            'niet [{meervoudig: "ja"}]',
            id="any-of with one alternative",
        ),
        pytest.param(
            "{}",
            None,
            'regel 1 "regel-een", als: verwacht één of meer voorwaarden, bijv. meervoudig: ja, niet {}',
            id="no conditions",
        ),
        pytest.param(
            "aantal_signalen_minstens: 2.5",
            None,
            'regel 1 "regel-een", als.aantal_signalen_minstens: verwacht een heel getal van 0 tot en met '
            '10000, niet "2.5"',
            id="not a whole number",
        ),
        pytest.param(
            "leeftijd_boven: 200",
            None,
            'regel 1 "regel-een", als.leeftijd_boven: verwacht een heel getal van 0 tot en met 130, '
            'niet "200"',
            id="age out of range",
        ),
        pytest.param(
            None,
            "werkbak: huisbezoek\ncontact: [huisbezoek, fax]",
            'regel 1 "regel-een", dan.contact[2]: onbekende contactstap "fax"; kies uit: brief, mail, '
            "sms_whatsapp, whatsapp_bellen, telefoon, huisbezoek, kaartje",
            id="unknown contact kind",
        ),
        pytest.param(
            None,
            "werkbak: huisbezoek\ncontact: [telefoon:avond]",
            'regel 1 "regel-een", dan.contact[1]: alleen een brief heeft een soort (brief:soort), '
            'niet "telefoon:avond"',
            id="kind on something else than a letter",
        ),
        pytest.param(
            None,
            "niet_opgepakt: te_laag",
            'regel 1 "regel-een", dan.niet_opgepakt: onbekende reden "te_laag"; kies uit: onterecht_signaal, '
            "herhaalde_melding, andere_reden, bekend_bij_schuldhulp, overleden, geen_inwoner",
            id="unknown reason",
        ),
        pytest.param(
            None,
            "werkbak: brief\ncontact: [brief]\nniet_opgepakt: onterecht_signaal",
            'regel 1 "regel-een", dan: kies óf een werkbak met contact, óf niet_opgepakt — niet allebei',
            id="queue and reason",
        ),
        pytest.param(
            None,
            "prioriteit: hoog",
            'regel 1 "regel-een", dan: geef een werkbak met contact, of niet_opgepakt',
            id="neither queue nor reason",
        ),
        pytest.param(
            None,
            "werkbak: brief",
            'regel 1 "regel-een", dan.contact: ontbreekt; een werkbak heeft minstens één contactstap',
            id="queue without steps",
        ),
        pytest.param(
            None,
            "contact: [brief]",
            'regel 1 "regel-een", dan.werkbak: ontbreekt; contactstappen horen bij een werkbak',
            id="steps without queue",
        ),
        pytest.param(
            None,
            "niet_opgepakt: onterecht_signaal\nprioriteit: hoog",
            'regel 1 "regel-een", dan.prioriteit: hoort niet bij niet_opgepakt: die zaak wordt niet opgepakt',
            id="priority on not picked up",
        ),
        pytest.param(
            None,
            "werkbak: brief\ncontact: [brief]\nprioriteit: dringend",
            'regel 1 "regel-een", dan.prioriteit: onbekende prioriteit "dringend"; kies uit: laag, normaal, '
            "hoog, spoed",
            id="unknown priority",
        ),
        pytest.param(
            None,
            "werkbak: brief\ncontact: [brief]\ntermijn_dagen: 0",
            'regel 1 "regel-een", dan.termijn_dagen: verwacht een heel getal van 1 tot en met 365, niet "0"',
            id="due days zero",
        ),
        pytest.param(
            None,
            "werkbak: Huis bezoek\ncontact: [brief]",
            'regel 1 "regel-een", dan.werkbak: verwacht een korte naam van kleine letters, cijfers en '
            'streepjes (hoogstens 50 tekens), bijv. "huisbezoek", niet "Huis bezoek"',
            id="queue not a short name",
        ),
        pytest.param(
            None,
            "werkbak: brief\ncontakt: [brief]",
            'regel 1 "regel-een", dan.contakt: onbekende sleutel; bedoelt u "contact"?',
            id="unknown action key",
        ),
    ],
)
def test_each_mistake_is_explained_in_dutch_with_its_place(
    als: str | None, dan: str | None, message: str
) -> None:
    text = with_rule(als or "meervoudig: ja", dan or "werkbak: brief\ncontact: [brief]")
    assert message in errors_of(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param(
            EXAMPLE.replace("standaard:\n  werkbak: brief\n  contact: [brief]\n", ""),
            "standaard: ontbreekt; geef de actie voor een zaak waarop geen regel past",
            id="no default",
        ),
        pytest.param(
            "naam: Leeg\nregels: []\nstandaard: {werkbak: brief, contact: [brief]}\n",
            "regels: geen regels; geef minstens één regel",
            id="empty rules",
        ),
        pytest.param(
            EXAMPLE.replace("sleutel: jongere-huisbezoek", "sleutel: drempel"),
            'regel 2 "drempel", sleutel: "drempel" komt al voor bij regel 1',
            id="duplicate rule key",
        ),
        pytest.param(
            EXAMPLE.replace("sleutel: jongere-huisbezoek", "sleutel: standaard"),
            'regel 2 "standaard", sleutel: "standaard" is gereserveerd voor de standaardactie; '
            "kies een andere",
            id="reserved rule key",
        ),
        pytest.param(
            EXAMPLE.replace("naam: Leiden", "nam: Leiden"),
            'nam: onbekende sleutel; bedoelt u "naam"?',
            id="unknown top key",
        ),
        pytest.param(
            EXAMPLE.replace("    omschrijving: Onder de drempel\n", ""),
            'regel 1 "drempel", omschrijving: ontbreekt; zeg in een paar woorden wat de regel doet',
            id="rule without label",
        ),
        pytest.param(
            EXAMPLE.replace("standaard:\n", "standaard:\n  niet_opgepakt: herhaalde_melding\n"),
            "standaard: kies óf een werkbak met contact, óf niet_opgepakt — niet allebei",
            id="default with both",
        ),
        pytest.param("", "het beleid is leeg", id="empty file"),
        pytest.param(
            "- een\n- lijst\n",
            'verwacht een beleid met naam, regels en standaard, niet ["een", "lijst"]',
            id="not a mapping",
        ),
        pytest.param("naam: [\n", "het bestand is geen geldige YAML (regel 2, kolom 1)", id="not yaml"),
        pytest.param(
            "naam: &n Test\nomschrijving: *n\n", "verwijzingen (*) worden niet ondersteund", id="alias"
        ),
        pytest.param(
            EXAMPLE.replace("meervoudig: nee", "meervoudig: nee\n      meervoudig: ja"),
            "de sleutel meervoudig staat twee keer in hetzelfde blok",
            id="key twice",
        ),
    ],
)
def test_mistakes_in_the_whole_file(text: str, message: str) -> None:
    assert any(message in error for error in errors_of(text)), errors_of(text)


def test_every_mistake_is_reported_at_once_and_nothing_is_returned() -> None:
    text = textwrap.dedent(
        """\
        naam: Fouten
        regels:
          - sleutel: een
            omschrijving: Eerste
            als:
              totaalbedrag_bovn: 500
              leeftijd_van_tot: 18-27
            dan:
              werkbak: brief
              contact: [brief, fax]
          - sleutel: een
            omschrijving: Tweede
            als: {meervoudig: ja}
            dan: {werkbak: brief, niet_opgepakt: onterecht_signaal}
        """
    )
    assert errors_of(text) == [
        'regel 1 "een", als.totaalbedrag_bovn: onbekende voorwaarde; bedoelt u "totaalbedrag_boven"?',
        'regel 1 "een", als.leeftijd_van_tot: verwacht twee hele getallen [van, tot], niet "18-27"',
        (
            'regel 1 "een", dan.contact[2]: onbekende contactstap "fax"; kies uit: brief, mail, '
            "sms_whatsapp, whatsapp_bellen, telefoon, huisbezoek, kaartje"
        ),
        'regel 2 "een", sleutel: "een" komt al voor bij regel 1',
        'regel 2 "een", dan: kies óf een werkbak met contact, óf niet_opgepakt — niet allebei',
        "standaard: ontbreekt; geef de actie voor een zaak waarop geen regel past",
    ]


def test_the_refusal_carries_every_message() -> None:
    with pytest.raises(PolicyInvalid) as refused:
        parse_policy({"naam": "", "regels": "geen", "standaard": {}})
    assert refused.value.errors == [
        'naam: verwacht tekst, niet ""',
        'regels: verwacht een lijst van regels, niet "geen"',
        "standaard: verwacht een werkbak met contact, of niet_opgepakt, niet {}",
    ]
    assert refused.value.message == "\n".join(refused.value.errors)


def test_a_policy_is_written_as_readable_yaml() -> None:
    text = dump_policy_yaml(load_policy_yaml(EXAMPLE))
    assert "      leeftijd_van_tot: [18, 27]\n" in text
    assert "      contact: [huisbezoek]\n" in text
    assert "      totaalbedrag_onder: 50\n" in text
    assert load_policy_yaml(text) == load_policy_yaml(EXAMPLE)


def test_cents_are_written_back_as_dutch_euros() -> None:
    policy = load_policy_yaml(with_rule('bedrag_van_tot: {huur: ["75,50", "1.000"]}'))
    assert policy_as_data(policy)["regels"][0]["als"] == {"bedrag_van_tot": {"huur": ["75,50", 1000]}}
    assert load_policy_yaml(dump_policy_yaml(policy)) == policy


def test_a_policy_the_file_cannot_express_is_refused_when_written() -> None:
    twice = Rule(
        key="twee",
        label="Twee keer",
        conditions=(AnyOf(((FlagCondition(Flag.CRISIS, True),), (FlagCondition(Flag.REPEAT, True),))),) * 2,
        action=Action(queue="brief", steps=(ContactStep(ContactKind.LETTER),)),
    )
    with pytest.raises(ValueError, match="een_van"):
        policy_as_data(Policy(name="x", description="", rules=(twice,), default=twice.action))


# --- properties ---------------------------------------------------------------------------------

slugs = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,5})?", fullmatch=True)
texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(lambda text: text.strip() == text and bool(text))
cents = st.integers(min_value=0, max_value=vocabulary.MAX_CENTS)
amounts = cents.map(vocabulary.euros_for_file)


@st.composite
def bounds(draw: st.DrawFn, measure: Measure | None) -> Any:
    maximum = vocabulary.MAX_CENTS if measure is None else vocabulary.MEASURE_LIMITS[measure]
    number = st.integers(min_value=0, max_value=maximum)
    written = vocabulary.euros_for_file if measure is None or measure.is_amount else int
    low = draw(number)
    high = draw(st.integers(min_value=low, max_value=maximum))
    return [written(low), written(high)], written(low)


@st.composite
def condition_blocks(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(vocabulary.CONDITION_KEYS), min_size=1, max_size=4, unique=True))
    block: dict[str, Any] = {}
    for key in keys:
        if key in vocabulary.FLAGS:
            block[key] = draw(st.sampled_from(["ja", "nee", True, False]))
        elif key in vocabulary.MEASURE_KEYS:
            measure, comparison = vocabulary.MEASURE_KEYS[key]
            pair, single = draw(bounds(measure))
            block[key] = pair if comparison is Comparison.BETWEEN else single
        elif key in vocabulary.PARTNER_AMOUNT_KEYS:
            words = draw(
                st.lists(st.sampled_from(list(vocabulary.PARTNER_TYPES)), min_size=1, max_size=3, unique=True)
            )
            between = vocabulary.PARTNER_AMOUNT_KEYS[key] is Comparison.BETWEEN
            block[key] = {word: draw(bounds(None))[0 if between else 1] for word in words}
        elif key == vocabulary.PARTNER_TYPE_PRESENT:
            block[key] = draw(
                st.lists(st.sampled_from(list(vocabulary.PARTNER_TYPES)), min_size=1, max_size=3)
            )
        elif key == vocabulary.DISTRICT_IN:
            block[key] = draw(st.lists(slugs, min_size=1, max_size=3))
        elif depth < 2 and key == vocabulary.ANY_OF:
            block[key] = draw(st.lists(condition_blocks(depth + 1), min_size=2, max_size=3))
        elif depth < 2:
            block[key] = draw(condition_blocks(depth + 1))
        else:
            block["crisis"] = "ja"
    return block


steps = st.sampled_from([*vocabulary.CONTACT_KINDS, "brief:informatie", "brief:contactverzoek"])
actions = st.one_of(
    st.fixed_dictionaries(
        {"werkbak": slugs, "contact": st.lists(steps, min_size=1, max_size=5)},
        optional={
            "prioriteit": st.sampled_from(list(vocabulary.PRIORITIES)),
            "termijn_dagen": st.integers(min_value=1, max_value=365),
            "briefsjabloon": slugs,
        },
    ),
    st.fixed_dictionaries({"niet_opgepakt": st.sampled_from(list(vocabulary.NOT_PICKED_UP_REASONS))}),
)


@st.composite
def policy_files(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(slugs.filter(lambda key: key != "standaard"), min_size=1, max_size=5, unique=True))
    return {
        "naam": draw(texts),
        "omschrijving": draw(st.one_of(st.just(""), texts)),
        "regels": [
            {
                "sleutel": key,
                "omschrijving": draw(texts),
                "als": draw(condition_blocks()),
                "dan": draw(actions),
            }
            for key in keys
        ],
        "standaard": draw(actions),
    }


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy_files())
def test_valid_policies_survive_yaml(data: dict[str, Any]) -> None:
    policy = parse_policy(data)
    assert load_policy_yaml(dump_policy_yaml(policy)) == policy
    assert parse_policy(policy_as_data(policy)) == policy


junk = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(),
        st.text(max_size=20),
        st.sampled_from(
            ["ja", "nee", "huur", "brief", "1.000", "75,50", "standaard", *vocabulary.CONDITION_KEYS]
        ),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.one_of(
                st.sampled_from([*vocabulary.CONDITION_KEYS, "sleutel", "als", "dan", "werkbak"]),
                st.text(max_size=8),
            ),
            children,
            max_size=4,
        ),
    ),
    max_leaves=25,
)


def _spoiled(data: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A valid policy with junk in one place: a rule's conditions or action, or a top key."""
    rule_spot = st.sampled_from(["als", "dan", "sleutel", "omschrijving"])
    return st.tuples(rule_spot, junk, st.integers(min_value=0, max_value=len(data["regels"]) - 1)).map(
        lambda spoil: {
            **data,
            "regels": [
                {**rule, spoil[0]: spoil[1]} if index == spoil[2] else rule
                for index, rule in enumerate(data["regels"])
            ],
        }
    )


@settings(max_examples=300, deadline=None)
@given(st.one_of(junk, policy_files().flatmap(lambda data: st.just(data) | _spoiled(data))))
def test_junk_is_refused_with_policy_invalid_only(data: Any) -> None:
    errors = refusal(parse_policy, data)
    assert errors is None or (errors and all(isinstance(error, str) and error for error in errors))


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(max_size=200), st.binary(max_size=100), policy_files().map(str)))
def test_junk_text_is_refused_with_policy_invalid_only(text: str | bytes) -> None:
    errors = refusal(load_policy_yaml, text)
    assert errors is None or errors


def refusal(read: Callable[[Any], Policy], data: Any) -> list[str] | None:
    """The errors when ``read`` refuses; None when it reads a policy. Anything else raised fails."""
    try:
        read(data)
    except PolicyInvalid as refused:
        return refused.errors
    return None
