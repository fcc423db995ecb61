"""From the Dutch policy file (as data) to a ``Policy``, reporting every mistake with its place.

A policy with any mistake is never returned: the reader goes on after a mistake only to find the
others, and builds the dataclasses from values that have all been checked.
"""

from collections.abc import Mapping, Sequence

from eropaf.triage import format as vocabulary
from eropaf.triage.definitions import (
    DEFAULT_DUE_DAYS,
    DEFAULT_RULE_KEY,
    Action,
    AnyOf,
    Bound,
    Comparison,
    Condition,
    ContactStep,
    DistrictCondition,
    FlagCondition,
    Measure,
    NoneOf,
    NumberCondition,
    PartnerAmountCondition,
    PartnerTypeCondition,
    Policy,
    Priority,
    Rule,
)
from eropaf.triage.format import PolicyInvalid, Problems, child, item, shown

POLICY_KEYS = ("naam", "omschrijving", "regels", "standaard")
RULE_KEYS = ("sleutel", "omschrijving", "als", "dan")
ACTION_KEYS = ("werkbak", "contact", "prioriteit", "termijn_dagen", "briefsjabloon", "niet_opgepakt")
MAX_DEPTH = 4
"""How deep ``een_van`` and ``niet`` may nest; deeper is no longer readable for people."""


def parse_policy(data: object) -> Policy:
    """The policy in ``data`` (a mapping with the Dutch keys of the policy file).

    Raises ``PolicyInvalid`` with every mistake when there is any.
    """
    problems = Problems()
    policy = _policy(data, problems)
    if problems or policy is None:
        raise PolicyInvalid(problems.messages or ["het beleid kon niet gelezen worden"])
    return policy


def _policy(data: object, problems: Problems) -> Policy | None:
    if data is None:
        problems.add("", "het beleid is leeg")
        return None
    if not isinstance(data, Mapping):
        problems.add("", f"verwacht een beleid met naam, regels en standaard, niet {shown(data)}")
        return None
    entries = dict(vocabulary.check_keys(data, POLICY_KEYS, "", problems, what="sleutel"))
    name = description = None
    if "naam" in entries:
        name = vocabulary.read_text(entries["naam"], "naam", problems, maximum=vocabulary.MAX_NAME)
    else:
        problems.add("naam", "ontbreekt")
    if "omschrijving" in entries:
        description = _optional_text(entries["omschrijving"], "omschrijving", problems)
    rules = _rules(entries["regels"], problems) if "regels" in entries else None
    if "regels" not in entries:
        problems.add("regels", "ontbreekt; geef minstens één regel")
    default = _action(entries["standaard"], "standaard", problems) if "standaard" in entries else None
    if "standaard" not in entries:
        problems.add("standaard", "ontbreekt; geef de actie voor een zaak waarop geen regel past")
    if name is None or rules is None or default is None:
        return None
    return Policy(name=name, description=description or "", rules=rules, default=default)


def _optional_text(value: object, place: str, problems: Problems) -> str | None:
    if value is None or value == "":
        return ""
    return vocabulary.read_text(value, place, problems)


def _rules(value: object, problems: Problems) -> tuple[Rule, ...] | None:
    if not isinstance(value, list):
        problems.add("regels", f"verwacht een lijst van regels, niet {shown(value)}")
        return None
    if not value:
        problems.add("regels", "geen regels; geef minstens één regel")
        return None
    rules: list[Rule | None] = []
    first_place: dict[str, int] = {}
    for index, entry in enumerate(value):
        rule = _rule(entry, index, problems, first_place)
        rules.append(rule)
    if any(rule is None for rule in rules):
        return None
    return tuple(rule for rule in rules if rule is not None)


def _rule(data: object, index: int, problems: Problems, first_place: dict[str, int]) -> Rule | None:
    number = index + 1
    if not isinstance(data, Mapping):
        problems.add(
            f"regel {number}", f"verwacht een regel met sleutel, omschrijving, als en dan, niet {shown(data)}"
        )
        return None
    raw_key = data.get("sleutel")
    place = f'regel {number} "{raw_key}"' if isinstance(raw_key, str) and raw_key else f"regel {number}"
    entries = dict(vocabulary.check_keys(data, RULE_KEYS, place, problems, what="sleutel", separator=", "))
    for name in RULE_KEYS:
        if name not in entries:
            problems.add(f"{place}, {name}", MISSING_IN_RULE[name])
    key = (
        _rule_key(entries["sleutel"], number, place, problems, first_place) if "sleutel" in entries else None
    )
    label = conditions = action = None
    if "omschrijving" in entries:
        label = vocabulary.read_text(entries["omschrijving"], f"{place}, omschrijving", problems)
    if "als" in entries:
        conditions = _conditions(entries["als"], f"{place}, als", problems, depth=0)
    if "dan" in entries:
        action = _action(entries["dan"], f"{place}, dan", problems)
    if key is None or label is None or conditions is None or action is None:
        return None
    return Rule(key=key, label=label, conditions=conditions, action=action)


MISSING_IN_RULE = {
    "sleutel": "ontbreekt; geef de regel een korte naam, bijv. drempel",
    "omschrijving": "ontbreekt; zeg in een paar woorden wat de regel doet",
    "als": 'ontbreekt; een actie die altijd geldt hoort bij "standaard"',
    "dan": "ontbreekt; geef een werkbak met contact, of niet_opgepakt",
}


def _rule_key(
    value: object, number: int, place: str, problems: Problems, first_place: dict[str, int]
) -> str | None:
    key = vocabulary.read_slug(value, f"{place}, sleutel", problems, example="drempel")
    if key == DEFAULT_RULE_KEY:
        problems.add(f"{place}, sleutel", f'"{key}" is gereserveerd voor de standaardactie; kies een andere')
        return None
    if key is not None and key in first_place:
        problems.add(f"{place}, sleutel", f'"{key}" komt al voor bij regel {first_place[key]}')
        return None
    if key is not None:
        first_place[key] = number
    return key


def _conditions(data: object, place: str, problems: Problems, *, depth: int) -> tuple[Condition, ...] | None:
    if not isinstance(data, Mapping) or not data:
        problems.add(place, f"verwacht één of meer voorwaarden, bijv. meervoudig: ja, niet {shown(data)}")
        return None
    if depth > MAX_DEPTH:
        problems.add(place, f"te diep genest: hoogstens {MAX_DEPTH} niveaus een_van en niet")
        return None
    entries = vocabulary.check_keys(data, vocabulary.CONDITION_KEYS, place, problems, what="voorwaarde")
    conditions: list[Condition] = []
    complete = len(entries) == len(data)
    for key, value in entries:
        read = _condition(key, value, child(place, key), problems, depth=depth)
        if read is None:
            complete = False
        else:
            conditions.extend(read)
    return tuple(conditions) if complete else None


def _condition(  # noqa: PLR0911 — one return per kind of condition reads best
    key: str, value: object, place: str, problems: Problems, *, depth: int
) -> list[Condition] | None:
    if key in vocabulary.FLAGS:
        expected = vocabulary.read_yes_no(value, place, problems)
        return None if expected is None else [FlagCondition(vocabulary.FLAGS[key], expected)]
    if key in vocabulary.MEASURE_KEYS:
        measure, comparison = vocabulary.MEASURE_KEYS[key]
        bound = _bound(value, comparison, measure, place, problems)
        return None if bound is None else [NumberCondition(measure, bound)]
    if key in vocabulary.PARTNER_AMOUNT_KEYS:
        return _partner_amounts(value, vocabulary.PARTNER_AMOUNT_KEYS[key], place, problems)
    if key == vocabulary.PARTNER_TYPE_PRESENT:
        words = _words(value, place, problems)
        types = [
            vocabulary.read_choice(word, vocabulary.PARTNER_TYPES, item(place, index), problems, what="soort")
            for index, word in enumerate(words or [])
        ]
        if words is None or None in types:
            return None
        return [PartnerTypeCondition(tuple(dict.fromkeys(str(code) for code in types if code)))]
    if key == vocabulary.DISTRICT_IN:
        words = _words(value, place, problems)
        districts = [
            vocabulary.read_text(word, item(place, index), problems, maximum=vocabulary.MAX_DISTRICT)
            for index, word in enumerate(words or [])
        ]
        if words is None or None in districts:
            return None
        return [DistrictCondition(tuple(dict.fromkeys(code for code in districts if code)))]
    if key == vocabulary.ANY_OF:
        return _any_of(value, place, problems, depth=depth)
    nested = _conditions(value, place, problems, depth=depth + 1)
    return None if nested is None else [NoneOf(nested)]


def _any_of(value: object, place: str, problems: Problems, *, depth: int) -> list[Condition] | None:
    if not isinstance(value, list) or len(value) < 2:
        problems.add(place, f"verwacht een lijst van twee of meer alternatieven, niet {shown(value)}")
        return None
    alternatives = [
        _conditions(alternative, item(place, index), problems, depth=depth + 1)
        for index, alternative in enumerate(value)
    ]
    if any(alternative is None for alternative in alternatives):
        return None
    return [AnyOf(tuple(alternative for alternative in alternatives if alternative is not None))]


def _words(value: object, place: str, problems: Problems) -> list[object] | None:
    """A list of one or more values; a single value counts as a list of one."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and value:
        return value
    problems.add(place, f"verwacht een lijst met minstens één waarde, niet {shown(value)}")
    return None


def _partner_amounts(
    value: object, comparison: Comparison, place: str, problems: Problems
) -> list[Condition] | None:
    if not isinstance(value, Mapping) or not value:
        problems.add(place, f"verwacht per soort een bedrag, bijv. {{huur: 500}}, niet {shown(value)}")
        return None
    conditions: list[Condition] = []
    complete = True
    for word, limit in value.items():
        if not isinstance(word, str):
            problems.add(place, f"soort {shown(word)} is geen tekst")
            complete = False
            continue
        partner_type = vocabulary.read_choice(
            word, vocabulary.PARTNER_TYPES, child(place, word), problems, what="soort"
        )
        bound = _bound(limit, comparison, None, child(place, word), problems)
        if partner_type is None or bound is None:
            complete = False
        else:
            conditions.append(PartnerAmountCondition(str(partner_type), bound))
    return conditions if complete else None


def _bound(
    value: object, comparison: Comparison, measure: Measure | None, place: str, problems: Problems
) -> Bound | None:
    """A limit; ``measure`` None is a partner type's amount."""
    is_amount = measure is None or measure.is_amount

    def number(raw: object, where: str) -> int | None:
        if measure is None or measure.is_amount:
            return vocabulary.read_euros(raw, where, problems)
        return vocabulary.read_whole(raw, where, problems, maximum=vocabulary.MEASURE_LIMITS[measure])

    if comparison is not Comparison.BETWEEN:
        limit = number(value, place)
        return None if limit is None else Bound(comparison, limit)
    if not isinstance(value, list) or len(value) != 2:
        what = "bedragen" if is_amount else "hele getallen"
        problems.add(place, f"verwacht twee {what} [van, tot], niet {shown(value)}")
        return None
    low, high = number(value[0], f"{place} van"), number(value[1], f"{place} tot")
    if low is None or high is None:
        return None
    if low > high:
        problems.add(
            place,
            f'"van" ({vocabulary.format_number(measure, low)}) is groter dan '
            f'"tot" ({vocabulary.format_number(measure, high)})',
        )
        return None
    return Bound(comparison, low, high)


def _action(data: object, place: str, problems: Problems) -> Action | None:
    if not isinstance(data, Mapping) or not data:
        problems.add(place, f"verwacht een werkbak met contact, of niet_opgepakt, niet {shown(data)}")
        return None
    before = len(problems.messages)
    entries = dict(vocabulary.check_keys(data, ACTION_KEYS, place, problems, what="sleutel"))
    if "niet_opgepakt" in entries:
        return _not_picked_up(entries, place, problems, before)
    if "werkbak" not in entries and "contact" not in entries:
        problems.add(place, "geef een werkbak met contact, of niet_opgepakt")
        return None
    queue = steps = None
    if "werkbak" in entries:
        queue = vocabulary.read_slug(
            entries["werkbak"], child(place, "werkbak"), problems, example="huisbezoek"
        )
    else:
        problems.add(child(place, "werkbak"), "ontbreekt; contactstappen horen bij een werkbak")
    if "contact" in entries:
        steps = _steps(entries["contact"], child(place, "contact"), problems)
    else:
        problems.add(child(place, "contact"), "ontbreekt; een werkbak heeft minstens één contactstap")
    priority: Priority | None = Priority.NORMAL
    if "prioriteit" in entries:
        chosen = vocabulary.read_choice(
            entries["prioriteit"],
            vocabulary.PRIORITIES,
            child(place, "prioriteit"),
            problems,
            what="prioriteit",
        )
        priority = None if chosen is None else Priority(chosen)
    due_days: int | None = DEFAULT_DUE_DAYS
    if "termijn_dagen" in entries:
        due_days = vocabulary.read_whole(
            entries["termijn_dagen"],
            child(place, "termijn_dagen"),
            problems,
            minimum=1,
            maximum=vocabulary.MAX_DUE_DAYS,
        )
    template: str | None = ""
    if "briefsjabloon" in entries:
        template = vocabulary.read_slug(
            entries["briefsjabloon"], child(place, "briefsjabloon"), problems, example="jongeren"
        )
    if queue is None or steps is None or priority is None or due_days is None or template is None:
        return None
    if len(problems.messages) > before:
        return None
    return Action(queue=queue, steps=steps, priority=priority, due_days=due_days, letter_template=template)


def _not_picked_up(
    entries: Mapping[str, object], place: str, problems: Problems, before: int
) -> Action | None:
    if "werkbak" in entries or "contact" in entries:
        problems.add(place, "kies óf een werkbak met contact, óf niet_opgepakt — niet allebei")
    for key in ("prioriteit", "termijn_dagen", "briefsjabloon"):
        if key in entries:
            problems.add(child(place, key), "hoort niet bij niet_opgepakt: die zaak wordt niet opgepakt")
    reason = vocabulary.read_choice(
        entries["niet_opgepakt"],
        vocabulary.NOT_PICKED_UP_REASONS,
        child(place, "niet_opgepakt"),
        problems,
        what="reden",
    )
    if reason is None or len(problems.messages) > before:
        return None
    return Action(not_picked_up=str(reason))


def _steps(value: object, place: str, problems: Problems) -> tuple[ContactStep, ...] | None:
    words: Sequence[object] | None = (
        [value] if isinstance(value, str) else value if isinstance(value, list) else None
    )
    if not words:
        problems.add(
            place, f"verwacht een lijst van contactstappen, bijv. [brief, telefoon], niet {shown(value)}"
        )
        return None
    steps = [_step(word, item(place, index), problems) for index, word in enumerate(words)]
    if any(step is None for step in steps):
        return None
    return tuple(step for step in steps if step is not None)


def _step(word: object, place: str, problems: Problems) -> ContactStep | None:
    if not isinstance(word, str):
        problems.add(place, f"verwacht een contactstap zoals brief of telefoon, niet {shown(word)}")
        return None
    kind_word, separator, letter_kind = word.partition(vocabulary.LETTER_KIND_SEPARATOR)
    kind = vocabulary.read_choice(kind_word, vocabulary.CONTACT_KINDS, place, problems, what="contactstap")
    if kind is None:
        return None
    if not separator:
        return ContactStep(str(kind))
    if kind_word.strip().lower() != "brief":
        problems.add(place, f"alleen een brief heeft een soort (brief:soort), niet {shown(word)}")
        return None
    checked = vocabulary.read_slug(letter_kind, place, problems, example="contactverzoek")
    return None if checked is None else ContactStep(str(kind), checked)
