"""The facts of one case that a triage policy reads, and the Dutch facts file that states them by hand.

``CaseFacts`` is what matching knows about a case (BRIEF §2): which partner types signalled and for how
much, the classes (multiple, consecutive, rising, …), the person's age, the district, and the steps of
the eviction chain. The facts file (JSON) uses the same Dutch words as the policy file; see
``docs/triage/beleidsformaat.md``.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from eropaf.core.money import format_euros
from eropaf.triage import format as vocabulary
from eropaf.triage.definitions import Flag
from eropaf.triage.format import FactsInvalid, Problems, child, item, shown

__all__ = ["FACT_KEYS", "CaseFacts", "FactsInvalid", "facts_as_data", "facts_from_data", "load_facts_json"]


@dataclass(frozen=True, slots=True)
class CaseFacts:
    partner_types: frozenset[str] = frozenset()
    """``PartnerType`` values with a signal in the case."""
    amounts_cents: Mapping[str, int] = field(default_factory=dict)
    """The arrear per partner type (summed over its signals), in cents."""
    total_amount_cents: int = 0
    signal_count: int = 1
    is_multiple: bool = False
    is_consecutive: bool = False
    is_rising: bool = False
    is_persistent: bool = False
    is_repeat: bool = False
    is_crisis: bool = False
    is_end_of_supply: bool = False
    is_known_to_debt_services: bool = False
    has_minors: bool = False
    is_warm_handover: bool = False
    has_accepted_help_before: bool = False
    """The household accepted help on an earlier case (Signalering+ asks for "no contact or help")."""
    age: int | None = None
    """Of the signalled person; None when the BRP did not give it."""
    district: str = ""
    """The district code; empty when the address is in no district."""
    rent_months: int | None = None
    """Months of rent arrears, when the landlord said."""
    has_summons: bool = False
    has_judgment: bool = False
    has_eviction_date: bool = False


SOURCES = "soorten"
AMOUNTS = "bedragen"
TOTAL = "totaalbedrag"
COUNT = "aantal_signalen"
AGE = "leeftijd"
DISTRICT = "wijk"
RENT_MONTHS = "maanden_huurachterstand"
JSON_HINT = "controleer de aanhalingstekens, komma's en haakjes"
FACT_KEYS: tuple[str, ...] = (SOURCES, AMOUNTS, TOTAL, COUNT, *vocabulary.FLAGS, AGE, DISTRICT, RENT_MONTHS)


def facts_from_data(data: object) -> CaseFacts:
    """The facts in ``data`` (a mapping with the Dutch keys of the facts file).

    What is left out takes its default: no signals of a type, no flags, unknown age. Derived when not
    given: the partner types from ``bedragen``, ``totaalbedrag`` as their sum, ``aantal_signalen`` as
    the number of types (at least 1) and ``meervoudig`` from two or more signals. Raises
    ``FactsInvalid`` with every mistake when there is any.
    """
    problems = Problems()
    if not isinstance(data, Mapping):
        raise FactsInvalid(
            [f'verwacht de feiten van een zaak, bijv. {{"bedragen": {{"huur": 640}}}}, niet {shown(data)}']
        )
    entries = dict(vocabulary.check_keys(data, FACT_KEYS, "", problems, what="sleutel"))
    amounts = _amounts(entries.get(AMOUNTS), problems)
    types = set(amounts or {})
    if SOURCES in entries:
        types |= _partner_types(entries[SOURCES], problems)
    total = sum((amounts or {}).values())
    if TOTAL in entries:
        given_total = vocabulary.read_euros(entries[TOTAL], TOTAL, problems)
        if given_total is not None and amounts and given_total < total:
            problems.add(
                TOTAL,
                f"{format_euros(given_total)} is minder dan de som van de bedragen ({format_euros(total)})",
            )
        total = given_total if given_total is not None else total
    count = max(1, len(types))
    if COUNT in entries:
        count = (
            vocabulary.read_whole(entries[COUNT], COUNT, problems, minimum=1, maximum=vocabulary.MAX_COUNT)
            or count
        )
    flags = {
        flag: value
        for word, flag in vocabulary.FLAGS.items()
        if word in entries and (value := vocabulary.read_yes_no(entries[word], word, problems)) is not None
    }
    if Flag.MULTIPLE not in flags:
        flags[Flag.MULTIPLE] = count >= 2
    elif COUNT in entries and flags[Flag.MULTIPLE] != (count >= 2):
        problems.add(
            "meervoudig",
            f"{'ja' if flags[Flag.MULTIPLE] else 'nee'} past niet bij aantal_signalen {count}: "
            "meervoudig is 2 of meer signalen in dezelfde maand",
        )
    age = _optional_whole(entries.get(AGE), AGE, problems, maximum=vocabulary.MAX_AGE)
    months = _optional_whole(entries.get(RENT_MONTHS), RENT_MONTHS, problems, maximum=vocabulary.MAX_MONTHS)
    district = ""
    if entries.get(DISTRICT) not in (None, ""):
        district = (
            vocabulary.read_text(entries[DISTRICT], DISTRICT, problems, maximum=vocabulary.MAX_DISTRICT) or ""
        )
    if problems:
        raise FactsInvalid(problems.messages)
    return CaseFacts(
        partner_types=frozenset(types),
        amounts_cents=dict(amounts or {}),
        total_amount_cents=total,
        signal_count=count,
        age=age,
        district=district,
        rent_months=months,
        is_multiple=flags[Flag.MULTIPLE],
        is_consecutive=flags.get(Flag.CONSECUTIVE, False),
        is_rising=flags.get(Flag.RISING, False),
        is_persistent=flags.get(Flag.PERSISTENT, False),
        is_repeat=flags.get(Flag.REPEAT, False),
        is_crisis=flags.get(Flag.CRISIS, False),
        is_end_of_supply=flags.get(Flag.END_OF_SUPPLY, False),
        is_known_to_debt_services=flags.get(Flag.KNOWN_TO_DEBT_SERVICES, False),
        has_minors=flags.get(Flag.MINORS, False),
        is_warm_handover=flags.get(Flag.WARM_HANDOVER, False),
        has_accepted_help_before=flags.get(Flag.ACCEPTED_HELP_BEFORE, False),
        has_summons=flags.get(Flag.SUMMONS, False),
        has_judgment=flags.get(Flag.JUDGMENT, False),
        has_eviction_date=flags.get(Flag.EVICTION_DATE, False),
    )


def _amounts(value: object, problems: Problems) -> dict[str, int] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        problems.add(AMOUNTS, f'verwacht per soort een bedrag, bijv. {{"huur": 640}}, niet {shown(value)}')
        return None
    amounts: dict[str, int] = {}
    for word, amount in value.items():
        if not isinstance(word, str):
            problems.add(AMOUNTS, f"soort {shown(word)} is geen tekst")
            continue
        partner_type = vocabulary.read_choice(
            word, vocabulary.PARTNER_TYPES, child(AMOUNTS, word), problems, what="soort"
        )
        cents = vocabulary.read_euros(amount, child(AMOUNTS, word), problems)
        if partner_type is not None and cents is not None:
            amounts[str(partner_type)] = amounts.get(str(partner_type), 0) + cents
    return amounts


def _partner_types(value: object, problems: Problems) -> set[str]:
    if not isinstance(value, list):
        problems.add(
            SOURCES, f'verwacht een lijst van soorten, bijv. ["huur", "energie"], niet {shown(value)}'
        )
        return set()
    types = (
        vocabulary.read_choice(word, vocabulary.PARTNER_TYPES, item(SOURCES, index), problems, what="soort")
        for index, word in enumerate(value)
    )
    return {str(code) for code in types if code is not None}


def _optional_whole(value: object, place: str, problems: Problems, *, maximum: int) -> int | None:
    return None if value is None else vocabulary.read_whole(value, place, problems, maximum=maximum)


def load_facts_json(text: str | bytes) -> CaseFacts:
    """The facts in a JSON facts file; numbers with a fraction are read the Dutch way, as typed."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FactsInvalid(["het feitenbestand is geen tekst in UTF-8"]) from None
    try:
        data = json.loads(text, parse_float=str)
    except json.JSONDecodeError as error:
        where = f"regel {error.lineno}, kolom {error.colno}"
        raise FactsInvalid(
            [f"het feitenbestand is geen geldige JSON (fout bij {where}): {JSON_HINT}"]
        ) from None
    except (ValueError, RecursionError):
        raise FactsInvalid([f"het feitenbestand is geen geldige JSON: {JSON_HINT}"]) from None
    return facts_from_data(data)


def facts_as_data(facts: CaseFacts) -> dict[str, Any]:
    """The facts as a facts file (JSON-ready); ``facts_from_data`` reads it back to the same facts."""
    data: dict[str, Any] = {
        SOURCES: sorted(vocabulary.PARTNER_TYPE_WORDS[code] for code in facts.partner_types),
        AMOUNTS: {
            vocabulary.PARTNER_TYPE_WORDS[code]: vocabulary.euros_for_file(cents)
            for code, cents in sorted(facts.amounts_cents.items())
        },
        TOTAL: vocabulary.euros_for_file(facts.total_amount_cents),
        COUNT: facts.signal_count,
    }
    for word, flag in vocabulary.FLAGS.items():
        data[word] = bool(getattr(facts, flag))
    data[AGE] = facts.age
    data[DISTRICT] = facts.district
    data[RENT_MONTHS] = facts.rent_months
    return data
