"""Building one letter's content from a case, its signals, the template and the sender."""

import datetime as dt
from dataclasses import dataclass

from eropaf.cases.models import Case
from eropaf.core.money import format_euros
from eropaf.core.vocabularies import PartnerType
from eropaf.intake.models import Signal
from eropaf.letters.addressing import address_block, addressee_name, house_number_text, salutation
from eropaf.letters.content import LetterContent, format_dutch_date, join_dutch
from eropaf.letters.models import LetterSender, LetterTemplate
from eropaf.letters.placeholders import paragraphs, render_text

REPLY_DAYS = 14
MAX_ADDRESSEES = 2

# Who the arrear is with, as a letter says it; never the partner's own name.
CREDITORS = {
    PartnerType.RENT: "de verhuurder",
    PartnerType.ENERGY: "de energieleverancier",
    PartnerType.WATER: "het waterbedrijf",
    PartnerType.HEALTH_INSURANCE: "de zorgverzekeraar",
    PartnerType.MORTGAGE: "de hypotheekverstrekker",
    PartnerType.CAK_HEALTH_INSURANCE: "het CAK",
    PartnerType.CAK_OWN_CONTRIBUTION: "het CAK",
    PartnerType.DUO: "DUO",
    PartnerType.TAX_AUTHORITY: "de Belastingdienst",
    PartnerType.BENEFITS_AGENCY: "Dienst Toeslagen",
    PartnerType.OTHER: "een andere organisatie",
    PartnerType.BAILIFF: "een deurwaarder",
}


@dataclass(frozen=True)
class LetterParts:
    """What the letter is built from, read by the caller (the service) beforehand."""

    case: Case
    signals: list[Signal]
    template: LetterTemplate
    sender: LetterSender
    author_name: str
    today: dt.date


def _one_line_address(signal: Signal) -> str:
    number = house_number_text(signal.house_number, signal.house_letter, signal.house_number_addition)
    return f"{signal.street} {number}, {signal.postcode[:4]} {signal.postcode[4:]} {signal.city}".strip()


def _person_names(signals: list[Signal]) -> list[str]:
    names = (
        addressee_name(
            initials=signal.initials,
            first_names=signal.first_names,
            surname_prefix=signal.surname_prefix,
            surname=signal.surname,
        )
        for signal in signals
    )
    return list(dict.fromkeys(name for name in names if name))[:MAX_ADDRESSEES]


def placeholder_values(parts: LetterParts) -> dict[str, str]:
    """The values of the placeholders for this case (see placeholders.PLACEHOLDERS)."""
    first = _current(parts.signals)[0]
    creditors = [CREDITORS.get(PartnerType(signal.signal_type), "") for signal in _current(parts.signals)]
    return {
        "naam": first.display_name,
        "aanhef": _salutation(first),
        "adres": _one_line_address(first),
        "gemeente": parts.case.municipality.name,
        "medewerker": parts.author_name,
        "telefoon": parts.sender.phone,
        "datum": format_dutch_date(parts.today),
        "bedrag": format_euros(parts.case.total_amount_cents),
        "achterstanden": join_dutch(list(dict.fromkeys(name for name in creditors if name))),
        "reageer_voor": format_dutch_date(parts.today + dt.timedelta(days=REPLY_DAYS)),
    }


def _current(signals: list[Signal]) -> list[Signal]:
    """The signals the partner has not withdrawn; all of them when every one was withdrawn."""
    if not signals:
        raise ValueError("A letter needs at least one signal for the name and address.")
    return [signal for signal in signals if signal.withdrawn_at is None] or signals


def _salutation(signal: Signal) -> str:
    return salutation(
        first_names=signal.first_names, surname_prefix=signal.surname_prefix, surname=signal.surname
    )


def build_letter_content(parts: LetterParts) -> LetterContent:
    signals = _current(parts.signals)
    first = signals[0]
    values = placeholder_values(parts)
    return LetterContent(
        kind=parts.template.kind,
        title=render_text(parts.template.title, values),
        reference=str(parts.case.pk),
        date=parts.today,
        sender_name=f"Gemeente {parts.case.municipality.name}",
        sender_department=parts.sender.department,
        sender_phone=parts.sender.phone,
        sender_email=parts.sender.email,
        address_lines=tuple(
            address_block(
                addressees=_person_names(signals),
                street=first.street,
                house_number=first.house_number,
                house_letter=first.house_letter,
                house_number_addition=first.house_number_addition,
                postcode=first.postcode,
                city=first.city,
            )
        ),
        salutation=values["aanhef"],
        paragraphs=paragraphs(render_text(parts.template.body, values)),
        signature_name=parts.author_name,
    )
