"""Yes/no flags and the signal type."""

import polars as pl

from eropaf.core.vocabularies import PartnerType
from eropaf.intake.validation.common import FieldCheck, Part, Rule, about, given, is_given

YES = ("ja", "j", "true", "1", "x", "yes", "y", "waar", "1.0", "1,0")
NO = ("nee", "n", "false", "0", "no", "onwaar", "0.0", "0,0")
_FLAG_WORDS = dict.fromkeys(YES, True) | dict.fromkeys(NO, False)

SIGNAL_TYPE_CODES: dict[str, PartnerType] = {
    "huur": PartnerType.RENT,
    "energie": PartnerType.ENERGY,
    "water": PartnerType.WATER,
    "zorg": PartnerType.HEALTH_INSURANCE,
    "hypotheek": PartnerType.MORTGAGE,
    "cak-zorgverzekering": PartnerType.CAK_HEALTH_INSURANCE,
    "cak-eigen-bijdrage": PartnerType.CAK_OWN_CONTRIBUTION,
    "duo": PartnerType.DUO,
    "belastingdienst": PartnerType.TAX_AUTHORITY,
    "toeslagen": PartnerType.BENEFITS_AGENCY,
    "overig": PartnerType.OTHER,
}
"""The format's own codes, in the order the format lists them."""

_IGNORED_IN_SIGNAL_TYPES = r"[\s_\-]"


def fold_signal_type(value: str) -> str:
    """``CAK Zorgverzekeringen`` → ``cakzorgverzekeringen``: case, spaces, ``-`` and ``_`` do not count."""
    return "".join(value.split()).replace("-", "").replace("_", "").lower()


def _signal_type_spellings() -> dict[str, str]:
    spellings = {fold_signal_type(code): str(kind) for code, kind in SIGNAL_TYPE_CODES.items()}
    for kind in SIGNAL_TYPE_CODES.values():
        # The DDAS terms (``Huur``, ``CAK Zorgverzekeringen``) and our stored codes.
        spellings[fold_signal_type(kind.ddas)] = str(kind)
        spellings[fold_signal_type(str(kind))] = str(kind)
    return spellings


_SPELLINGS = _signal_type_spellings()


def flag_field(field: str, output: str) -> Part:
    """``ja``/``nee``, ``j``/``n``, ``true``/``false``, ``1``/``0``, ``x``/empty; empty is no."""
    flag = given(field).str.to_lowercase().replace_strict(_FLAG_WORDS, default=None, return_dtype=pl.Boolean)
    working = f"_{field}"
    rule = Rule(
        "invalid",
        is_given(field) & pl.col(working).is_null(),
        about(field, "is geen geldige waarde (verwacht ja of nee; ook j/n, true/false, 1/0 of x/leeg)"),
    )
    return Part(
        stages=((flag.alias(working),),),
        outputs=(pl.col(working).fill_null(value=False).alias(output),),
        checks=(FieldCheck(field, (rule,)),),
    )


def signal_type_field(field: str, output: str, *, default: PartnerType) -> Part:
    folded = given(field).str.to_lowercase().str.replace_all(_IGNORED_IN_SIGNAL_TYPES, "")
    kind = folded.replace_strict(_SPELLINGS, default=None, return_dtype=pl.String)
    working = f"_{field}"
    rule = Rule(
        "unknown_type",
        is_given(field) & pl.col(working).is_null(),
        about(field, f"is geen bekend signaaltype (verwacht een van: {', '.join(SIGNAL_TYPE_CODES)})"),
    )
    return Part(
        stages=((kind.alias(working),),),
        outputs=(pl.coalesce(pl.col(working), pl.lit(str(default))).alias(output),),
        checks=(FieldCheck(field, (rule,)),),
    )
