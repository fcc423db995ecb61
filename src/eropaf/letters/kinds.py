"""The kinds of letters and cards, and which kind a case's contact plan asks for. Pure Python."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eropaf.core.vocabularies import ContactKind


class LetterKind(models.TextChoices):
    OFFER = "offer", _("Letter offering help")
    OFFER_CONTACT_REQUEST = "offer_contact_request", _("Letter offering help and asking for contact")
    RECURRING = "recurring", _("Letter on a repeated signal")
    YOUTH = "youth", _("Letter for young people")
    NOT_AT_HOME_CARD = "not_at_home_card", _("Not-at-home card")
    YELLOW_CARD = "yellow_card", _("Yellow card")


CARD_KINDS = frozenset({LetterKind.NOT_AT_HOME_CARD, LetterKind.YELLOW_CARD})

# The words a triage policy uses after ``brief:`` (docs/triage/beleidsformaat.md) and for
# ``briefsjabloon``, besides the codes themselves.
_POLICY_WORDS = {
    "": LetterKind.OFFER,
    "informatie": LetterKind.OFFER,
    "aanbod": LetterKind.OFFER,
    "contactverzoek": LetterKind.OFFER_CONTACT_REQUEST,
    "recidive": LetterKind.RECURRING,
    "herhaling": LetterKind.RECURRING,
    "jongeren": LetterKind.YOUTH,
}


def contact_kind_of(kind: LetterKind) -> ContactKind:
    """A card through the door is a DDAS ``Kaartje``; everything else a ``Brief``."""
    return ContactKind.CARD if kind in CARD_KINDS else ContactKind.LETTER


def letter_kind_from_word(word: str) -> LetterKind | None:
    """``contactverzoek`` or ``offer_contact_request`` → that kind; None for a word we do not know."""
    cleaned = word.strip().lower().replace("-", "_")
    if cleaned in LetterKind.values:
        return LetterKind(cleaned)
    return _POLICY_WORDS.get(cleaned)


def planned_letter_kind(plan: object, letter_template: str = "") -> LetterKind | None:
    """The letter kind a case's first contact step asks for; None when that step is no letter.

    A named letter template of the rule (``briefsjabloon: jongeren``) wins over the step's kind; a
    kind nobody knows falls back to the standard offer, so the resident still gets a letter.
    """
    steps = plan if isinstance(plan, list) else []
    first = steps[0] if steps else None
    if not isinstance(first, dict) or first.get("kind") != ContactKind.LETTER:
        return None
    for word in (letter_template, str(first.get("letter_kind", ""))):
        kind = letter_kind_from_word(word) if word else None
        if kind is not None and kind not in CARD_KINDS:
            return kind
    return LetterKind.OFFER
