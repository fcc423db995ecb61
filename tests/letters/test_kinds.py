"""Which letter a case's contact plan asks for."""

import pytest

from eropaf.core.vocabularies import ContactKind
from eropaf.letters.kinds import LetterKind, contact_kind_of, planned_letter_kind


@pytest.mark.parametrize(
    ("plan", "template", "expected"),
    [
        (
            [{"kind": "letter", "letter_kind": "contactverzoek"}, {"kind": "phone"}],
            "",
            LetterKind.OFFER_CONTACT_REQUEST,
        ),
        ([{"kind": "letter", "letter_kind": "informatie"}], "", LetterKind.OFFER),
        ([{"kind": "letter", "letter_kind": ""}], "", LetterKind.OFFER),
        ([{"kind": "letter", "letter_kind": "iets-nieuws"}], "", LetterKind.OFFER),
        ([{"kind": "letter", "letter_kind": "recurring"}], "", LetterKind.RECURRING),
        ([{"kind": "letter", "letter_kind": "contactverzoek"}], "jongeren", LetterKind.YOUTH),
        ([{"kind": "letter", "letter_kind": "gele-kaart"}], "", LetterKind.OFFER),
        ([{"kind": "email"}, {"kind": "letter"}], "jongeren", None),
        ([], "", None),
        ("not a plan", "", None),
    ],
)
def test_the_first_step_decides(plan: object, template: str, expected: LetterKind | None) -> None:
    assert planned_letter_kind(plan, template) == expected


def test_cards_are_cards_in_ddas() -> None:
    assert contact_kind_of(LetterKind.NOT_AT_HOME_CARD) == ContactKind.CARD
    assert contact_kind_of(LetterKind.RECURRING) == ContactKind.LETTER
