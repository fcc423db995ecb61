"""The referral form, prefilled from the case when a case worker accepts a proposal. The referrer
reads and completes it before sending; nothing is sent that they did not see."""

from typing import Any

from django.utils.translation import gettext as _

from eropaf.care_desk.rules import ReferralReason
from eropaf.care_desk.selectors import current_procedure, days_untouched
from eropaf.cases.models import Case
from eropaf.core.money import format_euros
from eropaf.escalation.models import EvictionTrack


def _concerns(case: Case, reason: ReferralReason, track: EvictionTrack | None) -> str:
    if reason is ReferralReason.SUMMONS and track is not None:
        summons = current_procedure(track.pk)
        return _("A summons was reported on %(date)s; the court procedure is at '%(stage)s'.") % {
            "date": f"{summons.on:%d-%m-%Y}" if summons else "–",
            "stage": str(track.get_stage_display()).lower(),
        }
    if reason is ReferralReason.RENT_NOT_HANDLED:
        return _(
            "Rent arrears of %(amount)s. The case was opened on %(date)s and was not taken into handling "
            "within %(days)s days."
        ) % {
            "amount": format_euros(case.total_amount_cents),
            "date": f"{case.opened_on:%d-%m-%Y}",
            "days": days_untouched(case.municipality_id),
        }
    return ""


def _tried_before(case: Case) -> str:
    attempts = list(case.contact_attempts.order_by("at"))
    if not attempts:
        return _("No contact attempt has been recorded on the case.")
    reached = sum(1 for attempt in attempts if attempt.reached)
    kinds = ", ".join(dict.fromkeys(str(attempt.get_kind_display()).lower() for attempt in attempts))
    return _("Contact attempts: %(count)s (%(kinds)s), reached: %(reached)s.") % {
        "count": len(attempts),
        "kinds": kinds,
        "reached": reached,
    }


def _household(case: Case, track: EvictionTrack | None) -> str:
    has_minors = case.has_minors or (track is not None and track.has_minors)
    parts = [
        _("Adults in the household: %(count)s.")
        % {"count": case.adult_count if case.adult_count is not None else "?"},
        _("Minor children in the household: %(answer)s.") % {"answer": _("yes") if has_minors else _("no")},
    ]
    if case.person_age is not None:
        parts.append(_("Age of the signalled person: %(age)s.") % {"age": case.person_age})
    if track is not None and track.is_vulnerable:
        parts.append(_("Marked vulnerable."))
    return " ".join(parts)


def initial_for_case(case: Case, reason: ReferralReason | None) -> dict[str, Any]:
    track = EvictionTrack.objects.filter(
        municipality_id=case.municipality_id, address_key=case.address_key
    ).first()
    initial: dict[str, Any] = {
        "eerder_geprobeerd": _tried_before(case),
        "huishouden": _household(case, track),
        "minderjarigen": case.has_minors or (track is not None and track.has_minors),
        "organisatie": case.team.name if case.team else "",
    }
    if reason is not None:
        initial["reden"] = reason.value
        initial["zorgen"] = _concerns(case, reason, track)
    return initial
