"""For the case page (the cases app may not import letters): the letter kinds and the planned one."""

from django import template

from eropaf.letters.kinds import LetterKind, planned_letter_kind
from eropaf.letters.models import LetterSender

register = template.Library()


@register.simple_tag
def letter_kinds() -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in LetterKind.choices]


@register.simple_tag
def planned_letter(plan: object, letter_template: str = "") -> str:
    """The kind triage planned for the case's first step, or the standard offer."""
    kind = planned_letter_kind(plan, letter_template)
    return str(kind or LetterKind.OFFER)


@register.simple_tag
def callback_phone(municipality_id: int) -> str:
    """The municipality's phone number from its letters, to prefill a message's call-back number."""
    phone = (
        LetterSender.objects.filter(municipality_id=municipality_id).values_list("phone", flat=True).first()
    )
    return phone or ""
