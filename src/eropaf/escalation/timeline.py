"""One household's history across all its cases and the whole eviction chain, newest first.

Each app of the chain adds its own entries by registering a source here from its ``AppConfig.ready``
(Signalering+, the Meldpunt, the Regieteam sit above this app and may not be imported by it).
A source gets the household (municipality and address key) and returns its entries; the view that
shows the timeline has authorised the household already.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from eropaf.cases.models import Case
from eropaf.core.money import format_euros
from eropaf.escalation.models import CourtStep, Moratorium, MoratoriumDecision


@dataclass(frozen=True)
class TimelineEntry:
    on: dt.date
    title: str
    detail: str = ""
    source: str = ""
    url: str = ""
    # Which part of the chain: "case", "court", "moratorium", "signalering_plus", "care_desk", …
    track: str = "case"


TimelineSource = Callable[[int, str], list[TimelineEntry]]
_SOURCES: dict[str, TimelineSource] = {}


def register_timeline_source(name: str, source: TimelineSource) -> None:
    """Add ``source(municipality_id, address_key)``; registering the same name again replaces it."""
    _SOURCES[name] = source


def household_timeline(*, municipality_id: int, address_key: str) -> list[TimelineEntry]:
    entries = [entry for source in _SOURCES.values() for entry in source(municipality_id, address_key)]
    return sorted(entries, key=lambda entry: entry.on, reverse=True)


def _case_entries(municipality_id: int, address_key: str) -> list[TimelineEntry]:
    cases = (
        Case.objects.filter(municipality_id=municipality_id, address_key=address_key)
        .annotate(
            signal_count=Count("case_signals", distinct=True),
            attempt_count=Count("contact_attempts", distinct=True),
            reached_count=Count("contact_attempts", filter=Q(contact_attempts__reached=True), distinct=True),
        )
        .order_by("period")
    )
    entries = []
    for case in cases:
        detail = _(
            "%(signals)s signal(s), %(amount)s in arrears; "
            "%(attempts)s contact attempt(s), %(reached)s reached"
        ) % {
            "signals": case.signal_count,
            "amount": format_euros(case.total_amount_cents),
            "attempts": case.attempt_count,
            "reached": case.reached_count,
        }
        entries.append(
            TimelineEntry(
                on=case.opened_on,
                title=_("Case %(period)s: %(state)s")
                % {"period": f"{case.period:%m-%Y}", "state": case.get_state_display()},
                detail=detail,
                url=reverse("cases:detail", args=[case.pk]),
            )
        )
        if case.closed_on is not None and case.outcome:
            entries.append(
                TimelineEntry(
                    on=case.closed_on,
                    title=_("Case %(period)s closed: %(outcome)s")
                    % {"period": f"{case.period:%m-%Y}", "outcome": case.get_outcome_display()},
                    url=reverse("cases:detail", args=[case.pk]),
                )
            )
    return entries


def _court_entries(municipality_id: int, address_key: str) -> list[TimelineEntry]:
    steps = CourtStep.objects.filter(
        track__municipality_id=municipality_id, track__address_key=address_key
    ).select_related("partner")
    return [
        TimelineEntry(
            on=step.on,
            title=step.get_kind_display(),
            detail=step.note,
            source=step.partner.name if step.partner else step.get_source_display(),
            track="court",
        )
        for step in steps
    ]


def _moratorium_entries(municipality_id: int, address_key: str) -> list[TimelineEntry]:
    entries = []
    for moratorium in Moratorium.objects.filter(
        track__municipality_id=municipality_id, track__address_key=address_key
    ):
        entries.append(
            TimelineEntry(
                on=moratorium.requested_on,
                title=_("%(kind)s requested") % {"kind": moratorium.get_kind_display()},
                track="moratorium",
            )
        )
        if moratorium.decision != MoratoriumDecision.REQUESTED and moratorium.decided_on:
            term = ""
            if moratorium.starts_on and moratorium.ends_on:
                term = _("from %(start)s to %(end)s") % {
                    "start": f"{moratorium.starts_on:%d-%m-%Y}",
                    "end": f"{moratorium.ends_on:%d-%m-%Y}",
                }
            entries.append(
                TimelineEntry(
                    on=moratorium.decided_on,
                    title=_("%(kind)s: %(decision)s")
                    % {
                        "kind": moratorium.get_kind_display(),
                        "decision": moratorium.get_decision_display().lower(),
                    },
                    detail=term,
                    track="moratorium",
                )
            )
    return entries


def register_core_sources() -> None:
    register_timeline_source("cases", _case_entries)
    register_timeline_source("court", _court_entries)
    register_timeline_source("moratoria", _moratorium_entries)
