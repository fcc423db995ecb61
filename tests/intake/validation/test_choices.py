"""Yes/no flags and the signal type."""

import pytest

from eropaf.core.vocabularies import PartnerType
from eropaf.intake.validation.choices import SIGNAL_TYPE_CODES
from tests.intake.validation.rows import codes, each, one, only_error

FLAGS = [
    ("crisissignaal", "is_crisis"),
    ("eindelevering", "is_end_of_supply"),
    ("warmeOverdracht", "is_warm_handover"),
]
YES = ["ja", "Ja", "JA", "j", "J", "true", "True", "1", "x", "X", " ja ", "yes", "waar"]
NO = ["nee", "Nee", "n", "N", "false", "FALSE", "0", "no", "onwaar", None, "", "  "]


@pytest.mark.parametrize(("field", "output"), FLAGS)
def test_flags_accept_every_spelling_of_yes_and_no(field: str, output: str) -> None:
    results = each(field, [*YES, *NO])

    assert [result[output] for result in results] == [True] * len(YES) + [False] * len(NO)
    assert all(result["errors"] == [] for result in results)


@pytest.mark.parametrize("field", [field for field, _ in FLAGS])
@pytest.mark.parametrize("value", ["misschien", "jaa", "2", "-", "ja/nee"])
def test_flags_refuse_anything_else(field: str, value: str) -> None:
    assert only_error(one(**{field: value})) == {
        "field": field,
        "code": "invalid",
        "message": (
            f'{field} "{value}" is geen geldige waarde (verwacht ja of nee; ook j/n, '
            "true/false, 1/0 of x/leeg)"
        ),
    }


SIGNAL_TYPES = {
    "huur": "rent",
    "energie": "energy",
    "water": "water",
    "zorg": "health_insurance",
    "hypotheek": "mortgage",
    "cak-zorgverzekering": "cak_health_insurance",
    "cak-eigen-bijdrage": "cak_own_contribution",
    "duo": "duo",
    "belastingdienst": "tax_authority",
    "toeslagen": "benefits_agency",
    "overig": "other",
    # The DDAS spellings.
    "Huur": "rent",
    "Energie": "energy",
    "Zorg": "health_insurance",
    "Hypotheek": "mortgage",
    "CAK Zorgverzekeringen": "cak_health_insurance",
    "CAK Eigen bijdrage": "cak_own_contribution",
    "DUO": "duo",
    "Belastingdienst": "tax_authority",
    "Dienst Toeslagen": "benefits_agency",
    "Overige": "other",
    # Case, spaces, dashes and underscores do not count.
    "CAK_ZORGVERZEKERING": "cak_health_insurance",
    "cak eigen-bijdrage": "cak_own_contribution",
    "dienst_toeslagen": "benefits_agency",
    " HUUR ": "rent",
    "Cak - Zorg Verzekeringen": "cak_health_insurance",
}


def test_every_signal_type_code_and_ddas_spelling_is_understood() -> None:
    results = each("signaaltype", list(SIGNAL_TYPES))

    assert {
        value: result["signal_type"] for value, result in zip(SIGNAL_TYPES, results, strict=True)
    } == SIGNAL_TYPES
    assert all(result["errors"] == [] for result in results)


def test_the_format_lists_a_code_for_every_ddas_signal_partner() -> None:
    assert set(SIGNAL_TYPE_CODES.values()) == set(PartnerType) - {PartnerType.BAILIFF}


def test_an_empty_signal_type_is_the_partners_own() -> None:
    results = each("signaaltype", [None, "", " "])

    assert [result["signal_type"] for result in results] == ["energy"] * 3


@pytest.mark.parametrize("value", ["huurr", "gas", "Deurwaarder", "rent-arrears"])
def test_an_unknown_signal_type_lists_the_known_ones(value: str) -> None:
    assert only_error(one(signaaltype=value)) == {
        "field": "signaaltype",
        "code": "unknown_type",
        "message": (
            f'signaaltype "{value}" is geen bekend signaaltype (verwacht een van: huur, '
            "energie, water, zorg, "
            "hypotheek, cak-zorgverzekering, cak-eigen-bijdrage, duo, belastingdienst, toeslagen, overig)"
        ),
    }


def test_our_own_stored_codes_are_understood_too() -> None:
    assert codes(one(signaaltype="health_insurance")) == []
    assert one(signaaltype="health_insurance")["signal_type"] == "health_insurance"
