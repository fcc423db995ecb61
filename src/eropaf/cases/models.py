"""Cases (one household, one matching period, one or more signals) and contact attempts."""

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eropaf.cases.workflow import OPEN_STATES, CaseState
from eropaf.core.models import TimeStampedModel
from eropaf.core.vocabularies import ContactKind, DayPart, Outcome, Priority, SignalStatus


class Referral(models.TextChoices):
    """Where a household that accepted help was handed over warmly."""

    DEBT_SERVICES = "debt_services", _("Debt services")
    NEIGHBOURHOOD_TEAM = "neighbourhood_team", _("Neighbourhood team")
    BUDGET_COACHING = "budget_coaching", _("Budget coaching")
    OTHER = "other", _("Other")


class HelpKind(models.TextChoices):
    SIMPLE = "simple", _("Simple: one-off advice or a quick fix")
    COMPLEX = "complex", _("Complex: plan of approach or payment arrangement")


class Case(TimeStampedModel):
    # Indexes are few on purpose: triage and matching rewrite up to 100,000 cases at once, and on
    # PostgreSQL every index gets a new entry for every rewritten row (about 0.2 s per index per
    # 100,000 cases). Four in all: the key, the unique constraint (municipality, period, address),
    # which also serves every read of a municipality's months, ``case_team_state_idx`` and
    # ``case_address_idx``. Hence no index of its own on the period, the district or the case
    # worker: reads by team also name the teams' municipalities (``cases.selectors``).
    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="cases", db_index=False
    )
    period = models.DateField(_("matching period"))
    address_key = models.CharField(_("address key"), max_length=24)
    district = models.ForeignKey(
        "organisations.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        db_index=False,
    )
    signals = models.ManyToManyField(
        "intake.Signal", through="CaseSignal", related_name="cases", verbose_name=_("signals")
    )
    state = models.CharField(_("state"), max_length=20, choices=CaseState.choices, default=CaseState.NEW)
    outcome = models.CharField(_("outcome"), max_length=40, choices=Outcome.choices, blank=True)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="cases", db_index=False
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        db_index=False,
    )
    assigned_automatically = models.BooleanField(
        _("assigned automatically"),
        default=False,
        db_default=False,
        help_text=_(
            "Assigned by sticky assignment to the worker who had the household before; "
            "a person's assignment or first contact makes it theirs."
        ),
    )
    opened_on = models.DateField(_("opened on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    total_amount_cents = models.BigIntegerField(_("total arrears (cents)"), default=0)
    is_multiple = models.BooleanField(_("multiple"), default=False)
    is_consecutive = models.BooleanField(_("consecutive"), default=False)
    has_minors = models.BooleanField(_("minors in household"), default=False)
    # Classes set by matching from the history (the reasons say why, see matching.explain).
    is_rising = models.BooleanField(_("rising"), default=False)
    is_persistent = models.BooleanField(_("persistent"), default=False)
    is_repeat = models.BooleanField(_("repeat of the same arrear"), default=False)
    is_end_of_supply_first = models.BooleanField(_("end of supply without an earlier signal"), default=False)
    is_crisis = models.BooleanField(_("crisis"), default=False)
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False)
    classification_reasons = models.JSONField(_("why these classes"), default=list, blank=True)
    # Household facts from the BRP check.
    person_age = models.PositiveSmallIntegerField(_("age of the signalled person"), null=True, blank=True)
    adult_count = models.PositiveSmallIntegerField(_("adults in the household"), null=True, blank=True)
    known_to_debt_services = models.BooleanField(_("known to debt services"), default=False)
    # The signal status matching decided for the whole case (repeat, deceased, not a resident, known
    # to debt services); empty when the case goes on to triage.
    matching_decision = models.CharField(
        _("decided by matching"), max_length=32, choices=SignalStatus.choices, blank=True
    )
    matched_at = models.DateTimeField(_("last matched at"), null=True, blank=True)
    # The route triage chose, which the queues, filters and letters read. Why it was chosen (the rule,
    # the reasons, the facts) is a ``TriageDecision``: insert-only, so that triaging 100,000 cases
    # rewrites only these few columns of each case row. Kept as it was decided: a new policy version
    # changes nothing here until the case is re-triaged.
    queue = models.CharField(_("work queue"), max_length=50, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    contact_plan = models.JSONField(
        _("contact steps"), default=list, blank=True, help_text=_("Planned contact steps, in order.")
    )
    letter_template = models.CharField(_("letter template"), max_length=50, blank=True)
    triage_policy = models.ForeignKey(
        "triage.PolicyVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("policy version"),
        # No index: nothing looks cases up by version, and versions are never deleted.
        db_index=False,
    )
    triage_policy_name = models.CharField(_("policy"), max_length=200, blank=True)
    triage_outcome = models.CharField(
        _("not picked up by triage"), max_length=40, choices=Outcome.choices, blank=True
    )
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True)
    # How the case ended, besides the DDAS outcome.
    # Database defaults: matching inserts cases in bulk without naming these columns.
    help_kind = models.CharField(
        _("kind of help"), max_length=10, choices=HelpKind.choices, blank=True, default="", db_default=""
    )
    referral = models.CharField(
        _("referred to"), max_length=20, choices=Referral.choices, blank=True, default="", db_default=""
    )
    referral_team = models.CharField(
        _("receiving team"), max_length=200, blank=True, default="", db_default=""
    )
    closing_note = models.TextField(_("closing note"), blank=True, default="", db_default="")
    protocol_override_reason = models.TextField(
        _("why closed before the protocol was complete"), blank=True, default="", db_default=""
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )

    class Meta:
        ordering = ["-period", "due_on", "id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "period", "address_key"], name="case_one_per_address_period"
            ),
            models.CheckConstraint(
                name="case_closed_has_outcome",
                condition=~models.Q(state="closed") | ~models.Q(outcome=""),
            ),
        ]
        indexes = [
            models.Index(fields=["team", "state"], name="case_team_state_idx"),
            # A household's cases by address: its history on the case page, sticky assignment, and
            # the eviction chain's households on the dashboard (a few thousand look-ups, not a scan).
            models.Index(fields=["municipality", "address_key"], name="case_address_idx"),
        ]

    def __str__(self) -> str:
        return f"Zaak {self.pk} ({self.period:%Y-%m})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class TriageDecision(models.Model):
    """What triage decided for a case and why, as it was decided: the policy, the rule that fired, the
    reasons in Dutch and the facts it read. One row per triage of the case, inserted and never
    changed: a re-triage adds a row, and the case page shows the latest (``Case.triaged_at`` says
    whether the case's route is triage's at all)."""

    # Inserted 100,000 at a time: one index besides the key, (case, id), which finds a case's
    # decisions and its latest one. No foreign-key constraint in the database (ADR 0012): checking
    # it costs PostgreSQL a lock on each of the 100,000 cases at commit (0.6 s), and triage inserts
    # decisions only for the cases it has just read in the same transaction. Deleting a case
    # deletes its decisions: Django's CASCADE, and ``retention`` deletes them first.
    case = models.ForeignKey(
        Case,
        on_delete=models.CASCADE,
        related_name="triage_decisions",
        db_index=False,
        db_constraint=False,
    )
    policy_version = models.ForeignKey(
        "triage.PolicyVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("policy version"),
        # No index: nothing looks decisions up by version, and versions are never deleted. No
        # database constraint either, as for ``case``: Django's PROTECT guards it.
        db_index=False,
        db_constraint=False,
    )
    policy_name = models.CharField(_("policy"), max_length=200)
    rule = models.CharField(_("rule"), max_length=50)
    rule_label = models.CharField(_("rule description"), max_length=1000, blank=True)
    summary = models.TextField(_("why this route"))
    reasons = models.JSONField(_("facts that made the rule fire"), default=list, blank=True)
    facts_json = models.TextField(_("facts triaged on"), db_column="facts", default="{}")
    """The facts as triage read them, as a facts file without the flags that are "no" and the
    unknowns (``triage.facts_frame.compact_facts``; earlier decisions hold them whole), as JSON
    text: a JSON column costs PostgreSQL a parse of every one of 100,000 documents at insert, and
    reorders the keys."""
    queue = models.CharField(_("work queue"), max_length=50, blank=True)
    outcome = models.CharField(
        _("not picked up by triage"), max_length=40, choices=Outcome.choices, blank=True
    )
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        # The latest first: rows are inserted in the order triage decided.
        ordering = ["-id"]
        verbose_name = _("triage decision")
        verbose_name_plural = _("triage decisions")
        indexes = [models.Index(fields=["case", "id"], name="triage_decision_case_idx")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.rule} ({self.decided_at:%Y-%m-%d %H:%M})"

    @property
    def facts(self) -> Any:
        """The facts as data: a facts file (``triage.facts.facts_from_data`` reads it)."""
        return json.loads(self.facts_json)


class CaseSignal(models.Model):
    """A signal belongs to exactly one case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_signals")
    signal = models.OneToOneField("intake.Signal", on_delete=models.CASCADE, related_name="case_link")
    is_rising = models.BooleanField(_("rising"), default=False)
    is_persistent = models.BooleanField(_("persistent"), default=False)
    is_repeat = models.BooleanField(_("repeat of the same arrear"), default=False)
    is_end_of_supply_first = models.BooleanField(_("end of supply without an earlier signal"), default=False)
    reasons = models.JSONField(_("why these classes"), default=list, blank=True)

    class Meta:
        verbose_name = _("signal of a case")
        verbose_name_plural = _("signals of cases")

    def __str__(self) -> str:
        return f"{self.case} – {self.signal}"


class ContactAttempt(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contact_attempts")
    kind = models.CharField(_("kind"), max_length=32, choices=ContactKind.choices)
    at = models.DateTimeField(_("at"))
    day_part = models.CharField(_("day part"), max_length=10, choices=DayPart.choices)
    outside_office_hours = models.BooleanField(_("outside office hours"), default=False)
    reached = models.BooleanField(_("reached"), default=False)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        indexes = [models.Index(fields=["case", "at"], name="attempt_case_at_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class QueueProtocol(TimeStampedModel):
    """Which outreach protocol (``cases.protocols.PROTOCOLS``) a municipality's work queue follows."""

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="queue_protocols"
    )
    queue = models.CharField(_("work queue"), max_length=60)
    protocol = models.CharField(_("protocol"), max_length=40)

    class Meta:
        verbose_name = _("work-queue protocol")
        verbose_name_plural = _("work-queue protocols")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "queue"], name="queue_protocol_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.queue}: {self.protocol}"
