"""The classes matching gave a case or signal, and its reasons in words, for the case page and the API."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from eropaf.core.money import format_euros

Reason = dict[str, object]


def _int(reason: Reason, key: str) -> int:
    value = reason.get(key)
    return value if isinstance(value, int) else 0


def _text(reason: Reason, key: str) -> str:
    value = reason.get(key)
    return str(value) if value is not None else ""


def _compared(reason: Reason) -> dict[str, str]:
    return {
        "amount": format_euros(_int(reason, "amount_cents")),
        "previous": format_euros(_int(reason, "previous_amount_cents")),
        "period": _text(reason, "previous_period"),
        "same": _("the same reference")
        if reason.get("by") == "reference"
        else _("the same type on this address"),
    }


def explain(reason: Reason) -> str:  # noqa: PLR0911 — one sentence per class reads best as one match
    """One sentence; an unknown code (from a later version) is shown as its code."""
    code = _text(reason, "code")
    count = _int(reason, "count")
    months = _int(reason, "months")
    match code:
        case "single":
            return _("Single: one signal on this address in this month.")
        case "multiple":
            return ngettext(
                "Multiple: %(count)d signal on this address in this month.",
                "Multiple: %(count)d signals on this address in this month.",
                count,
            ) % {"count": count}
        case "consecutive":
            return ngettext(
                "Consecutive: an earlier signal on this address in the previous month (last in %(period)s).",
                "Consecutive: an earlier signal on this address in the previous %(months)d months "
                "(last in %(period)s).",
                months,
            ) % {"months": months, "period": _text(reason, "last_period")}
        case "persistent":
            return _("Persistent: signals in each of the last %(months)d months.") % {"months": months}
        case "rising" if "amount_cents" in reason:
            return _("Rising: %(amount)s, more than the %(previous)s of %(period)s (%(same)s).") % _compared(
                reason
            )
        case "rising":
            return ngettext(
                "Rising: %(count)d signal with a higher amount than before.",
                "Rising: %(count)d signals with a higher amount than before.",
                count,
            ) % {"count": count}
        case "repeat" if "amount_cents" in reason:
            return _(
                "Repeat: the same arrear as in %(period)s (%(same)s); "
                "%(amount)s did not rise above %(previous)s."
            ) % _compared(reason)
        case "repeat" if reason.get("crisis"):
            return _("Repeat of the same arrear without a rise, but a crisis signal: picked up.")
        case "repeat":
            return _("Repeat: every signal repeats an arrear that did not rise, so no new outreach.")
        case "end_of_supply_first":
            return _("End of supply without an earlier signal of this arrear.")
        case "crisis":
            return _("Crisis signal.")
        case "withdrawn":
            return _("Withdrawn: the partner withdrew every signal of this case.")
    return code


def explain_all(reasons: object) -> list[str]:
    if not isinstance(reasons, list):
        return []
    return [explain(reason) for reason in reasons if isinstance(reason, dict)]


CASE_CLASS_FLAGS = (
    ("is_multiple", _lazy("Multiple")),
    ("is_consecutive", _lazy("Consecutive")),
    ("is_persistent", _lazy("Persistent")),
    ("is_rising", _lazy("Rising")),
    ("is_repeat", _lazy("Repeat of the same arrear")),
    ("is_end_of_supply_first", _lazy("End of supply without an earlier signal")),
    ("is_crisis", _lazy("Crisis")),
    ("is_withdrawn", _lazy("Withdrawn")),
)
SIGNAL_CLASS_FLAGS = (
    ("is_rising", _lazy("Rising")),
    ("is_persistent", _lazy("Persistent")),
    ("is_repeat", _lazy("Repeat of the same arrear")),
    ("is_end_of_supply_first", _lazy("End of supply without an earlier signal")),
)


def case_classes(case: object) -> list[str]:
    """The case's classes by name; ``Single`` when it is not multiple."""
    names = [str(label) for flag, label in CASE_CLASS_FLAGS if getattr(case, flag, False)]
    return names if getattr(case, "is_multiple", False) else [_("Single"), *names]


def signal_classes(link: object) -> list[str]:
    return [str(label) for flag, label in SIGNAL_CLASS_FLAGS if getattr(link, flag, False)]
