"""The Dutch vocabulary of the policy file and the facts file, and the readers of single values.

This is a boundary module: the words policy officers type (``huur``, ``huisbezoek``, ``spoed``) and the
Dutch messages about what they typed live here, next to the codes they stand for. The format is
described for policy officers in ``docs/triage/beleidsformaat.md``; keep the two in step.

Amounts in the files are euros and become whole cents here, without passing through a float. Text is
read the Dutch way: ``75,50`` and ``75.50`` are both 75 euro 50, and a single dot followed by exactly
three digits groups thousands (``1.000`` is a thousand euro), as in the partner delivery format.
"""

import difflib
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from eropaf.core.errors import ApplicationError
from eropaf.core.money import format_euros
from eropaf.core.vocabularies import ContactKind, Outcome, PartnerType
from eropaf.triage.definitions import Comparison, Flag, Measure, Priority


class Invalid(ApplicationError):
    """What was read has mistakes; ``errors`` holds every one, each with its place, in Dutch."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors), extra={"errors": errors})
        self.errors = errors


class PolicyInvalid(Invalid):
    """A policy with mistakes; nothing of it is used."""


class FactsInvalid(Invalid):
    """Case facts with mistakes."""


PARTNER_TYPES: Mapping[str, PartnerType] = {
    "huur": PartnerType.RENT,
    "energie": PartnerType.ENERGY,
    "water": PartnerType.WATER,
    "zorg": PartnerType.HEALTH_INSURANCE,
    "hypotheek": PartnerType.MORTGAGE,
    "cak_zorg": PartnerType.CAK_HEALTH_INSURANCE,
    "cak_eigen_bijdrage": PartnerType.CAK_OWN_CONTRIBUTION,
    "duo": PartnerType.DUO,
    "belastingdienst": PartnerType.TAX_AUTHORITY,
    "toeslagen": PartnerType.BENEFITS_AGENCY,
    "overig": PartnerType.OTHER,
    "deurwaarder": PartnerType.BAILIFF,
}
PARTNER_TYPE_WORDS: Mapping[str, str] = {code: word for word, code in PARTNER_TYPES.items()}

CONTACT_KINDS: Mapping[str, ContactKind] = {
    "brief": ContactKind.LETTER,
    "mail": ContactKind.EMAIL,
    "sms_whatsapp": ContactKind.SMS_WHATSAPP,
    "whatsapp_bellen": ContactKind.WHATSAPP_CALL,
    "telefoon": ContactKind.PHONE,
    "huisbezoek": ContactKind.HOME_VISIT,
    "kaartje": ContactKind.CARD,
}
CONTACT_KIND_WORDS: Mapping[str, str] = {code: word for word, code in CONTACT_KINDS.items()}
CONTACT_KIND_TEXTS: Mapping[str, str] = {
    ContactKind.LETTER: "brief",
    ContactKind.EMAIL: "mail",
    ContactKind.SMS_WHATSAPP: "sms/whatsapp",
    ContactKind.WHATSAPP_CALL: "whatsapp-belpoging",
    ContactKind.PHONE: "telefoon",
    ContactKind.HOME_VISIT: "huisbezoek",
    ContactKind.CARD: "kaartje",
}
LETTER_KIND_SEPARATOR = ":"

PRIORITIES: Mapping[str, Priority] = {
    "laag": Priority.LOW,
    "normaal": Priority.NORMAL,
    "hoog": Priority.HIGH,
    "spoed": Priority.URGENT,
}
PRIORITY_WORDS: Mapping[str, str] = {code: word for word, code in PRIORITIES.items()}

NOT_PICKED_UP_REASONS: Mapping[str, Outcome] = {
    "onterecht_signaal": Outcome.NOT_PICKED_UP_UNJUSTIFIED,
    "herhaalde_melding": Outcome.NOT_PICKED_UP_REPEAT,
    "andere_reden": Outcome.NOT_PICKED_UP_OTHER,
    "bekend_bij_schuldhulp": Outcome.KNOWN_TO_DEBT_SERVICES,
    "overleden": Outcome.DECEASED,
    "geen_inwoner": Outcome.NOT_A_RESIDENT,
}
NOT_PICKED_UP_WORDS: Mapping[str, str] = {code: word for word, code in NOT_PICKED_UP_REASONS.items()}
NOT_PICKED_UP_TEXTS: Mapping[str, str] = {
    Outcome.NOT_PICKED_UP_UNJUSTIFIED: "onterecht signaal",
    Outcome.NOT_PICKED_UP_REPEAT: "herhaalde melding",
    Outcome.NOT_PICKED_UP_OTHER: "andere reden",
    Outcome.KNOWN_TO_DEBT_SERVICES: "al bekend bij schuldhulpverlening",
    Outcome.DECEASED: "overleden",
    Outcome.NOT_A_RESIDENT: "geen inwoner (meer)",
}

FLAGS: Mapping[str, Flag] = {
    "meervoudig": Flag.MULTIPLE,
    "opeenvolgend": Flag.CONSECUTIVE,
    "oplopend": Flag.RISING,
    "aanhoudend": Flag.PERSISTENT,
    "herhaald": Flag.REPEAT,
    "crisis": Flag.CRISIS,
    "einde_levering": Flag.END_OF_SUPPLY,
    "bekend_bij_schuldhulp": Flag.KNOWN_TO_DEBT_SERVICES,
    "minderjarigen": Flag.MINORS,
    "warme_overdracht": Flag.WARM_HANDOVER,
    "dagvaarding": Flag.SUMMONS,
    "vonnis": Flag.JUDGMENT,
    "ontruimingsdatum": Flag.EVICTION_DATE,
    "eerder_hulp_geaccepteerd": Flag.ACCEPTED_HELP_BEFORE,
}
FLAG_WORDS: Mapping[Flag, str] = {flag: word for word, flag in FLAGS.items()}
FLAG_TEXTS: Mapping[Flag, tuple[str, str]] = {
    Flag.MULTIPLE: ("meervoudig", "niet meervoudig"),
    Flag.CONSECUTIVE: ("opeenvolgend", "niet opeenvolgend"),
    Flag.RISING: ("oplopend", "niet oplopend"),
    Flag.PERSISTENT: ("aanhoudend", "niet aanhoudend"),
    Flag.REPEAT: ("herhaalde melding", "geen herhaalde melding"),
    Flag.CRISIS: ("crisismelding", "geen crisismelding"),
    Flag.END_OF_SUPPLY: ("einde levering", "geen einde levering"),
    Flag.KNOWN_TO_DEBT_SERVICES: ("bekend bij schuldhulpverlening", "niet bekend bij schuldhulpverlening"),
    Flag.MINORS: ("minderjarige kinderen", "geen minderjarige kinderen"),
    Flag.WARM_HANDOVER: ("warme overdracht", "geen warme overdracht"),
    Flag.SUMMONS: ("dagvaarding", "geen dagvaarding"),
    Flag.JUDGMENT: ("vonnis", "geen vonnis"),
    Flag.EVICTION_DATE: ("ontruimingsdatum bekend", "geen ontruimingsdatum"),
    Flag.ACCEPTED_HELP_BEFORE: ("eerder hulp geaccepteerd", "nog geen hulp geaccepteerd"),
}

MEASURES: Mapping[str, Measure] = {
    "totaalbedrag": Measure.TOTAL_AMOUNT,
    "leeftijd": Measure.AGE,
    "aantal_signalen": Measure.SIGNAL_COUNT,
    "maanden_huurachterstand": Measure.RENT_MONTHS,
}
MEASURE_WORDS: Mapping[Measure, str] = {measure: word for word, measure in MEASURES.items()}
COMPARISONS: Mapping[str, Comparison] = {
    "onder": Comparison.BELOW,
    "hoogstens": Comparison.AT_MOST,
    "minstens": Comparison.AT_LEAST,
    "boven": Comparison.ABOVE,
    "van_tot": Comparison.BETWEEN,
}
COMPARISON_WORDS: Mapping[Comparison, str] = {comparison: word for word, comparison in COMPARISONS.items()}
PARTNER_AMOUNT = "bedrag"
PARTNER_TYPE_PRESENT = "soort_aanwezig"
DISTRICT_IN = "wijk_in"
ANY_OF = "een_van"
NONE_OF = "niet"

MAX_AGE = 130
MAX_COUNT = 10_000
MAX_MONTHS = 1_200
MAX_DUE_DAYS = 365
MAX_CENTS = 99_999_999_999
"""Up to 999.999.999,99 euro, as in the delivery format."""
MAX_NAME = 100
MAX_TEXT = 1_000
MAX_SLUG = 50
MAX_DISTRICT = 20
MEASURE_LIMITS: Mapping[Measure, int] = {
    Measure.TOTAL_AMOUNT: MAX_CENTS,
    Measure.AGE: MAX_AGE,
    Measure.SIGNAL_COUNT: MAX_COUNT,
    Measure.RENT_MONTHS: MAX_MONTHS,
}


def measure_key(measure: Measure, comparison: Comparison) -> str:
    return f"{MEASURE_WORDS[measure]}_{COMPARISON_WORDS[comparison]}"


def partner_amount_key(comparison: Comparison) -> str:
    return f"{PARTNER_AMOUNT}_{COMPARISON_WORDS[comparison]}"


MEASURE_KEYS: Mapping[str, tuple[Measure, Comparison]] = {
    measure_key(measure, comparison): (measure, comparison)
    for measure in Measure
    for comparison in Comparison
}
PARTNER_AMOUNT_KEYS: Mapping[str, Comparison] = {
    partner_amount_key(comparison): comparison for comparison in Comparison
}
CONDITION_KEYS: tuple[str, ...] = (
    *FLAGS,
    *MEASURE_KEYS,
    *PARTNER_AMOUNT_KEYS,
    PARTNER_TYPE_PRESENT,
    DISTRICT_IN,
    ANY_OF,
    NONE_OF,
)

_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
_WHOLE = re.compile(r"[0-9]+")
_AMOUNT_PATTERNS = (
    # 1.000 and 1.234,56: dots group thousands
    re.compile(r"(?P<euros>[1-9][0-9]{0,2}(?:\.[0-9]{3})+)(?:,(?P<cents>[0-9]{1,2}))?"),
    # 1000, 75,50, 75.5
    re.compile(r"(?P<euros>[0-9]+)(?:[.,](?P<cents>[0-9]{1,2}))?"),
)
_CURRENCY = re.compile(r"^(?:€|eur(?:o)?)\s*|\s*(?:€|eur(?:o)?)$", re.IGNORECASE)
_SHOWN_LENGTH = 60


class Problems:
    """Collects every mistake with its place, so a reader can report all of them at once."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, place: str, message: str) -> None:
        self.messages.append(f"{place}: {message}" if place else message)

    def __bool__(self) -> bool:
        return bool(self.messages)


def shown(value: object, *, depth: int = 0) -> str:
    """A value as the policy officer typed it, for a message."""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if value is None:
        return "leeg"
    if isinstance(value, list | tuple | Mapping) and depth >= 2:
        return "…"
    if isinstance(value, int) and value.bit_length() > 64:
        return "een te groot getal"
    if isinstance(value, str):
        text = f'"{value}"'
    elif isinstance(value, list | tuple):
        parts = [shown(part, depth=depth + 1) for part in value[:6]]
        text = "[" + ", ".join(parts) + (", …" if len(value) > 6 else "") + "]"
    elif isinstance(value, Mapping):
        entries = list(value.items())[:6]
        text = "{" + ", ".join(f"{key}: {shown(part, depth=depth + 1)}" for key, part in entries) + "}"
    else:
        text = str(value)
    return text if len(text) <= _SHOWN_LENGTH else text[: _SHOWN_LENGTH - 1] + "…"


def suggestion(word: str, known: Iterable[str]) -> str:
    """``; bedoelt u "x"?`` when a known word is close, otherwise nothing."""
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f'; bedoelt u "{close[0]}"?' if close else ""


def child(place: str, key: str) -> str:
    return f"{place}.{key}" if place else key


def item(place: str, index: int) -> str:
    """The place of the ``index``-th item of a list, counted from 1 as people count."""
    return f"{place}[{index + 1}]"


def check_keys(
    data: Mapping[object, object],
    known: Iterable[str],
    place: str,
    problems: Problems,
    *,
    what: str,
    separator: str = ".",
) -> list[tuple[str, object]]:
    """The known entries in file order; every other key is reported."""
    known = tuple(known)
    entries: list[tuple[str, object]] = []
    for key, value in data.items():
        if not isinstance(key, str):
            problems.add(place, f"{what} {shown(key)} is geen tekst")
        elif key not in known:
            problems.add(
                f"{place}{separator}{key}" if place else key, f"onbekende {what}{suggestion(key, known)}"
            )
        else:
            entries.append((key, value))
    return entries


def read_text(value: object, place: str, problems: Problems, *, maximum: int = MAX_TEXT) -> str | None:
    if not isinstance(value, str) or not value.strip():
        problems.add(place, f"verwacht tekst, niet {shown(value)}")
        return None
    if len(value) > maximum:
        problems.add(place, f"te lang: hoogstens {maximum} tekens, niet {len(value)}")
        return None
    return value.strip()


def read_slug(value: object, place: str, problems: Problems, *, example: str) -> str | None:
    """A short name of lower-case letters, digits, dashes and underscores, e.g. a rule key."""
    if isinstance(value, str) and len(value) <= MAX_SLUG and _SLUG.fullmatch(value):
        return value
    problems.add(
        place,
        f"verwacht een korte naam van kleine letters, cijfers en streepjes (hoogstens {MAX_SLUG} tekens), "
        f'bijv. "{example}", niet {shown(value)}',
    )
    return None


def read_choice(
    value: object, words: Mapping[str, str], place: str, problems: Problems, *, what: str
) -> str | None:
    if isinstance(value, str) and value.strip().lower() in words:
        return words[value.strip().lower()]
    hint = suggestion(value, words) if isinstance(value, str) else ""
    problems.add(place, f"onbekende {what} {shown(value)}{hint or '; kies uit: ' + ', '.join(words)}")
    return None


def read_yes_no(value: object, place: str, problems: Problems) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"ja", "nee"}:
        return value.strip().lower() == "ja"
    problems.add(place, f"verwacht ja of nee, niet {shown(value)}")
    return None


def read_whole(
    value: object, place: str, problems: Problems, *, maximum: int, minimum: int = 0
) -> int | None:
    """A whole number as a number or as digits in text (YAML numbers arrive as typed)."""
    number: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _WHOLE.fullmatch(value.strip()) and len(value.strip()) <= 12:
        number = int(value.strip())
    if number is None or not minimum <= number <= maximum:
        problems.add(
            place, f"verwacht een heel getal van {minimum} tot en met {maximum}, niet {shown(value)}"
        )
        return None
    return number


def euros_to_cents(value: object) -> int | None:
    """Whole cents from euros, or None when this is not an amount of 0 or more with at most 2 decimals."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        cents = value * 100
    elif isinstance(value, float | Decimal):
        # A float is read as the shortest text that gives it back, so 75.5 is 75.50 and not 75.4999…
        try:
            exact = Decimal(repr(value)) if isinstance(value, float) else value
            if not exact.is_finite() or exact != exact.quantize(Decimal("0.01")):
                return None
            cents = int(exact * 100)
        except (InvalidOperation, ValueError, OverflowError):
            return None
    elif isinstance(value, str):
        return _text_to_cents(value)
    else:
        return None
    return cents if 0 <= cents <= MAX_CENTS else None


def _text_to_cents(text: str) -> int | None:
    text = _CURRENCY.sub("", text.strip()).strip()
    for pattern in _AMOUNT_PATTERNS:
        parts = pattern.fullmatch(text)
        if parts is not None:
            euros = parts["euros"].replace(".", "")
            if len(euros.lstrip("0")) > 9:
                return None
            return int(euros) * 100 + int((parts["cents"] or "0").ljust(2, "0"))
    return None


def read_euros(value: object, place: str, problems: Problems) -> int | None:
    cents = euros_to_cents(value)
    if cents is None:
        problems.add(
            place,
            f"verwacht een bedrag in euro's van 0 of meer, bijv. 75, 75,50 of 1.000, niet {shown(value)}",
        )
    return cents


def format_number(measure: Measure | None, number: int) -> str:
    """A limit or a fact for an explanation: euros for amounts, the plain number otherwise."""
    return format_euros(number) if measure is None or measure.is_amount else str(number)


def euros_for_file(cents: int) -> int | str:
    """How an amount is written back to a file: ``75`` or ``"75,50"``."""
    euros, rest = divmod(cents, 100)
    return euros if rest == 0 else f"{euros},{rest:02d}"
