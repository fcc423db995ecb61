"""What works: reach and help acceptance per way of working, with the counts behind every share.

All figures are about the cases of the chosen matching months (optionally those triaged by one
policy version) and the contact attempts recorded on them. Every grouping is one GROUP BY.

Per *case* (first contact kind, number of attempts, work queue, age band, policy version):
- *reached*: a contact attempt reached the resident, or the case was closed with an outcome in
  which the resident was reached; a share of the cases in the group;
- *help accepted*: closed with advice or a quick fix, follow-up help or a referral; a share of the
  closed cases in the group.

Per *attempt* (contact kind, day part):
- *reached*: the attempts that reached the resident, a share of the attempts;
- *help accepted*: of the closed cases in which an attempt of this kind (or day part) reached the
  resident, the share with help accepted.

A share over fewer than ``SMALL_COUNT`` cases or attempts is marked, so a small number looks small.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Case as Choose
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from eropaf.cases.models import Case, ContactAttempt
from eropaf.cases.workflow import CaseState
from eropaf.core.vocabularies import ContactKind, DayPart
from eropaf.reporting.dashboard_scope import ReportScope
from eropaf.reporting.dashboard_trends import HELP_ACCEPTED, REACHED
from eropaf.reporting.exports import SMALL_COUNT, Cell, Column, Kind, Table, TableRow, share

CLOSED = Q(state=CaseState.CLOSED)
HELPED = CLOSED & Q(outcome__in=HELP_ACCEPTED)
CASE_RESULTS = {
    "cases": Count("id"),
    "reached": Count("id", filter=Q(was_reached=True) | (CLOSED & Q(outcome__in=REACHED))),
    "closed": Count("id", filter=CLOSED),
    "help_accepted": Count("id", filter=HELPED),
}
ATTEMPT_RESULTS = {
    # Not named "reached": a later filter on the field ``reached`` would read this count instead.
    "attempts": Count("id"),
    "reached_attempts": Count("id", filter=Q(reached=True)),
    "closed": Count("case_id", distinct=True, filter=Q(reached=True, case__state=CaseState.CLOSED)),
    "help_accepted": Count(
        "case_id",
        distinct=True,
        filter=Q(reached=True, case__state=CaseState.CLOSED, case__outcome__in=HELP_ACCEPTED),
    ),
}
MOST_ATTEMPTS = 5
"""Cases with this many attempts or more are one group."""
AGE_BANDS = (("to-27", 28), ("28-44", 45), ("45-66", 67))
"""(key, first age not in the band); 18–27 is the youth of the municipalities' policies."""
Figures = Mapping[str, Any]


@dataclass(frozen=True)
class PolicyChoice:
    version_id: int
    label: str
    cases: int


def chosen_cases(scope: ReportScope, policy_version_id: int | None = None) -> QuerySet[Case]:
    """The cases of the scope (of one policy version when given), each marked ``was_reached``."""
    cases = Case.objects.filter(
        municipality=scope.municipality, period__gte=scope.first, period__lte=scope.last
    ).order_by()
    if policy_version_id is not None:
        cases = cases.filter(triage_policy_id=policy_version_id)
    reached = ContactAttempt.objects.filter(case=OuterRef("pk"), reached=True)
    return cases.annotate(was_reached=Exists(reached))


def _case_cells(label: str, figures: Figures) -> TableRow:
    cases, reached = figures.get("cases", 0), figures.get("reached", 0)
    closed, helped = figures.get("closed", 0), figures.get("help_accepted", 0)
    cells: tuple[Cell, ...] = (
        label,
        cases,
        reached,
        share(reached, cases),
        closed,
        helped,
        share(helped, closed),
    )
    return TableRow(cells, is_small=_small(cases, closed))


def _attempt_cells(label: str, figures: Figures) -> TableRow:
    attempts, reached = figures.get("attempts", 0), figures.get("reached_attempts", 0)
    closed, helped = figures.get("closed", 0), figures.get("help_accepted", 0)
    cells: tuple[Cell, ...] = (
        label,
        attempts,
        reached,
        share(reached, attempts),
        closed,
        helped,
        share(helped, closed),
    )
    return TableRow(cells, is_small=_small(attempts, closed))


def _as_total(row: TableRow) -> TableRow:
    return TableRow(row.cells, is_small=row.is_small, is_total=True)


def _small(*denominators: int) -> bool:
    """A shown share (its denominator is not 0) rests on fewer than ``SMALL_COUNT``."""
    return any(0 < whole < SMALL_COUNT for whole in denominators)


def _case_table(key: str, title: str, group: str, rows: Iterable[TableRow], total: Figures) -> Table:
    return Table(
        key=key,
        title=title,
        columns=(
            Column(group, Kind.TEXT),
            Column(_("Cases")),
            Column(_("Reached")),
            Column(_("Reached %"), Kind.PERCENT),
            Column(_("Closed")),
            Column(_("Help accepted")),
            Column(_("Help accepted %"), Kind.PERCENT),
        ),
        rows=(*rows, _as_total(_case_cells(_("All cases"), total))),
        definition=_(
            "Reached: a contact attempt reached the resident or the case was closed with an outcome in "
            "which the resident was reached, as a share of the cases. Help accepted: closed with advice "
            "or a quick fix, follow-up help or a referral, as a share of the closed cases. A share over "
            "fewer than %(count)d is marked."
        )
        % {"count": SMALL_COUNT},
        flags_small=True,
        small_label=_("Small number"),
        yes=_("yes"),
    )


def attempts_table(
    cases: QuerySet[Case], *, field: str, key: str, title: str, group: str, labels: Mapping[str, str]
) -> Table:
    """Attempts on ``cases`` per value of ``field`` (``kind`` or ``day_part``), in the order of ``labels``."""
    attempts = ContactAttempt.objects.filter(case__in=cases.values("pk")).order_by()
    by_value: dict[str, Figures] = {
        row[field]: row for row in attempts.values(field).annotate(**ATTEMPT_RESULTS)
    }
    rows = [_attempt_cells(label, by_value[value]) for value, label in labels.items() if value in by_value]
    total = attempts.aggregate(**ATTEMPT_RESULTS)
    return Table(
        key=key,
        title=title,
        columns=(
            Column(group, Kind.TEXT),
            Column(_("Attempts")),
            Column(_("Reached")),
            Column(_("Reached %"), Kind.PERCENT),
            Column(_("Closed cases reached this way")),
            Column(_("Help accepted")),
            Column(_("Help accepted %"), Kind.PERCENT),
        ),
        rows=(*rows, _as_total(_attempt_cells(_("All attempts"), total))),
        definition=_(
            "Reached: the attempts that reached the resident, as a share of the attempts. Help "
            "accepted: of the closed cases in which such an attempt reached the resident, the share "
            "that accepted help. A share over fewer than %(count)d is marked."
        )
        % {"count": SMALL_COUNT},
        flags_small=True,
        small_label=_("Small number"),
        yes=_("yes"),
    )


CONTACT_KINDS = {kind.value: str(kind.label) for kind in ContactKind}
DAY_PARTS = {part.value: str(part.label) for part in DayPart}


def first_kind_table(cases: QuerySet[Case], total: Figures) -> Table:
    first = ContactAttempt.objects.filter(case=OuterRef("pk")).order_by("at", "id").values("kind")[:1]
    by_kind = {
        row["first_kind"]: row
        for row in cases.annotate(first_kind=Subquery(first)).values("first_kind").annotate(**CASE_RESULTS)
    }
    rows = [_case_cells(label, by_kind[kind]) for kind, label in CONTACT_KINDS.items() if kind in by_kind]
    if None in by_kind:
        rows.append(_case_cells(_("No contact attempt"), by_kind[None]))
    return _case_table(
        "werkt-eerste-contactsoort", _("Per first contact kind"), _("First contact kind"), rows, total
    )


def attempt_count_table(cases: QuerySet[Case], total: Figures) -> Table:
    count = (
        ContactAttempt.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(count=Count("id"))
        .values("count")
    )
    number = Coalesce(Subquery(count, output_field=IntegerField()), Value(0))
    grouped: dict[int, dict[str, int]] = {}
    rows_by_number: list[Figures] = list(
        cases.annotate(number=number).values("number").annotate(**CASE_RESULTS)
    )
    for row in rows_by_number:
        bucket = grouped.setdefault(min(row["number"], MOST_ATTEMPTS), dict.fromkeys(CASE_RESULTS, 0))
        for name in CASE_RESULTS:
            bucket[name] += row[name]
    rows = [
        _case_cells(f"{number}+" if number == MOST_ATTEMPTS else str(number), grouped[number])
        for number in sorted(grouped)
    ]
    return _case_table("werkt-pogingen", _("Per number of contact attempts"), _("Attempts"), rows, total)


def queue_table(cases: QuerySet[Case], total: Figures) -> Table:
    by_queue = {row["queue"]: row for row in cases.values("queue").annotate(**CASE_RESULTS)}
    rows = [_case_cells(queue, by_queue[queue]) for queue in sorted(by_queue) if queue]
    if "" in by_queue:
        rows.append(_case_cells(_("No work queue"), by_queue[""]))
    return _case_table("werkt-werkbak", _("Per work queue"), _("Work queue"), rows, total)


def age_table(cases: QuerySet[Case], total: Figures) -> Table:
    band = Choose(
        When(person_age__isnull=True, then=Value("unknown")),
        *(When(person_age__lt=limit, then=Value(key)) for key, limit in AGE_BANDS),
        default=Value("67-"),
    )
    by_band = {row["band"]: row for row in cases.annotate(band=band).values("band").annotate(**CASE_RESULTS)}
    labels = {
        "to-27": _("Up to 27"),
        "28-44": _("28 to 44"),
        "45-66": _("45 to 66"),
        "67-": _("67 and older"),
        "unknown": _("Age unknown"),
    }
    rows = [_case_cells(label, by_band[key]) for key, label in labels.items() if key in by_band]
    return _case_table("werkt-leeftijd", _("Per age band"), _("Age of the signalled person"), rows, total)


def policy_choices(scope: ReportScope) -> list[PolicyChoice]:
    """The policy versions that triaged the scope's cases, oldest version first."""
    rows = (
        chosen_cases(scope)
        .filter(triage_policy__isnull=False)
        .values("triage_policy_id", "triage_policy_name", "triage_policy__number")
        .annotate(cases=Count("id"))
        .order_by("triage_policy__number", "triage_policy_id")
    )
    return [
        PolicyChoice(
            version_id=row["triage_policy_id"],
            label=_("%(name)s (version %(number)s)")
            % {"name": row["triage_policy_name"], "number": row["triage_policy__number"]},
            cases=row["cases"],
        )
        for row in rows
    ]


def policy_table(cases: QuerySet[Case], total: Figures) -> Table:
    rows_by_version = (
        cases.values("triage_policy_id", "triage_policy_name", "triage_policy__number")
        .annotate(**CASE_RESULTS)
        .order_by("triage_policy__number", "triage_policy_id")
    )
    rows = [
        _case_cells(
            _("%(name)s (version %(number)s)")
            % {"name": row["triage_policy_name"], "number": row["triage_policy__number"]}
            if row["triage_policy_id"]
            else _("Not triaged by a policy"),
            row,
        )
        for row in rows_by_version
    ]
    return _case_table("werkt-beleid", _("Per policy version in force"), _("Policy version"), rows, total)


@dataclass(frozen=True)
class WhatWorks:
    scope: ReportScope
    policies: list[PolicyChoice]
    policy_version_id: int | None
    tables: list[Table]

    @property
    def extra_query(self) -> str:
        """The chosen policy version, carried to the downloads."""
        return "" if self.policy_version_id is None else f"&beleid={self.policy_version_id}"


def build_tables(scope: ReportScope, policy_version_id: int | None) -> list[Table]:
    cases = chosen_cases(scope, policy_version_id)
    total = cases.aggregate(**CASE_RESULTS)
    return [
        policy_table(cases, total),
        attempts_table(
            cases, field="kind", key="werkt-contactsoort", title=_("Per contact kind"),
            group=_("Contact kind"), labels=CONTACT_KINDS,
        ),
        first_kind_table(cases, total),
        attempt_count_table(cases, total),
        attempts_table(
            cases, field="day_part", key="werkt-dagdeel", title=_("Per day part"),
            group=_("Day part"), labels=DAY_PARTS,
        ),
        queue_table(cases, total),
        age_table(cases, total),
    ]  # fmt: skip


def get_what_works(scope: ReportScope, policy_version_id: int | None = None) -> WhatWorks:
    """Every table of the page; a version id not among the scope's policies shows no cases."""
    return WhatWorks(
        scope=scope,
        policies=policy_choices(scope),
        policy_version_id=policy_version_id,
        tables=build_tables(scope, policy_version_id),
    )
