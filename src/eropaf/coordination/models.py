"""The Regieteam route: case forms, meetings with their agenda, and one final decision per item."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eropaf.coordination.rules import (
    CONDITIONS,
    AdministrationAdvice,
    AgendaReason,
    ConditionStatus,
    FormStatus,
    Scenario,
)
from eropaf.core.models import TimeStampedModel
from eropaf.core.money import format_euros
from eropaf.escalation.court import HousingArrangement


class CaseForm(TimeStampedModel):
    """The case form (casusformulier) a landlord, or the responsible team, files for a household."""

    track = models.ForeignKey(
        "escalation.EvictionTrack", on_delete=models.PROTECT, related_name="coordination_forms"
    )
    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="coordination_forms"
    )
    # The landlord that filed it; empty when staff of the responsible team filed it.
    partner = models.ForeignKey(
        "organisations.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coordination_forms",
        verbose_name=_("filed by landlord"),
    )
    partner_reference = models.CharField(_("landlord's reference"), max_length=64, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filed_on = models.DateField(_("filed on"))
    tried_before = models.TextField(_("what was tried before"))
    why_not_enough = models.TextField(_("why it was not enough"))
    has_minors = models.BooleanField(_("minor children"), default=False)
    is_multi_problem = models.BooleanField(_("multi-problem household"), default=False)
    is_vulnerable = models.BooleanField(_("vulnerable household"), default=False)
    has_housing_nuisance = models.BooleanField(_("housing nuisance"), default=False)
    arrear_cents = models.BigIntegerField(_("rent arrear (cents)"))
    expected_court_on = models.DateField(_("expected court date"))
    tenant_informed = models.BooleanField(_("the tenant has been informed"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=FormStatus.choices, default=FormStatus.FILED
    )

    class Meta:
        ordering = ["-filed_on", "-id"]
        verbose_name = _("case form")
        verbose_name_plural = _("case forms")
        indexes = [models.Index(fields=["municipality", "status"], name="coordination_form_status_idx")]
        constraints = [
            models.CheckConstraint(
                name="coordination_form_tenant_informed", condition=Q(tenant_informed=True)
            ),
            models.CheckConstraint(
                name="coordination_form_household_type",
                condition=Q(has_minors=True)
                | Q(is_multi_problem=True)
                | Q(is_vulnerable=True)
                | Q(has_housing_nuisance=True),
            ),
        ]

    def __str__(self) -> str:
        return f"Casusformulier {self.pk}"

    @property
    def arrear(self) -> str:
        return format_euros(self.arrear_cents)

    @property
    def household_types(self) -> list[str]:
        labels = [
            (self.has_minors, _("Minor children")),
            (self.is_multi_problem, _("Multi-problem household")),
            (self.is_vulnerable, _("Vulnerable household")),
            (self.has_housing_nuisance, _("Housing nuisance")),
        ]
        return [str(label) for applies, label in labels if applies]


class Meeting(TimeStampedModel):
    """One meeting of a Regieteam."""

    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="coordination_meetings")
    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="coordination_meetings"
    )
    held_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("Regieteam meeting")
        verbose_name_plural = _("Regieteam meetings")
        constraints = [
            models.UniqueConstraint(fields=["team", "held_on"], name="coordination_meeting_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"Regieteam {self.held_on:%d-%m-%Y}"


class AgendaItem(TimeStampedModel):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    case_form = models.ForeignKey(CaseForm, on_delete=models.PROTECT, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"))
    reason = models.CharField(_("why on the agenda"), max_length=20, choices=AgendaReason.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "case_form"], name="coordination_item_once_per_meeting"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.position}"


class Decision(models.Model):
    """The Regieteam's decision on one agenda item. Never changed: a follow-up is a new decision."""

    agenda_item = models.OneToOneField(AgendaItem, on_delete=models.PROTECT, related_name="decision")
    case_form = models.ForeignKey(CaseForm, on_delete=models.PROTECT, related_name="decisions")
    follows = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("follows")
    )
    scenario = models.CharField(_("scenario"), max_length=20, choices=Scenario.choices)
    case_manager = models.CharField(_("case manager"), max_length=200)
    decided_on = models.DateField(_("decided on"))
    # Scenario 1: a plan to prevent the eviction.
    eviction_suspended = models.BooleanField(_("eviction suspended by the landlord"), default=False)
    suspension_step = models.ForeignKey(
        "escalation.CourtStep",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suspension on the court timeline"),
    )
    arrear_frozen = models.BooleanField(_("arrear frozen"), default=False)
    term_ends_on = models.DateField(_("agreed term ends on"), null=True, blank=True)
    condition_rent_paid = models.CharField(
        _("current rent is paid"), max_length=10, choices=ConditionStatus.choices, blank=True
    )
    condition_cooperation = models.CharField(
        _("the tenant cooperates"), max_length=10, choices=ConditionStatus.choices, blank=True
    )
    condition_insight = models.CharField(
        _("full insight into income and expenses"), max_length=10, choices=ConditionStatus.choices, blank=True
    )
    condition_payment_proposal = models.CharField(
        _("a reasonable payment proposal"), max_length=10, choices=ConditionStatus.choices, blank=True
    )
    administration_advice = models.CharField(
        _("protective administration"), max_length=20, choices=AdministrationAdvice.choices, blank=True
    )
    # Scenario 2: a plan for the eviction.
    own_arrangements = models.TextField(_("what the household arranges itself or in its network"), blank=True)
    housing_arrangement = models.CharField(
        _("housing arrangement"), max_length=20, choices=HousingArrangement.choices, blank=True
    )
    housing_note = models.TextField(_("housing arrangement, details"), blank=True)
    youth_protection_involved = models.BooleanField(_("youth protection involved"), default=False)
    # Both.
    care_desk_referral = models.BooleanField(_("referred to the Meldpunt Bijzondere Zorg"), default=False)
    care_desk_note = models.TextField(_("referral, note"), blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["decided_on", "id"]
        verbose_name = _("Regieteam decision")
        verbose_name_plural = _("Regieteam decisions")
        constraints = [
            models.CheckConstraint(
                name="coordination_prevent_has_term",
                condition=~Q(scenario=Scenario.PREVENT) | Q(term_ends_on__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scenario_display()} ({self.decided_on:%d-%m-%Y})"

    @property
    def conditions(self) -> list[tuple[str, str]]:
        """(condition, its status label) of scenario 1, in the order of the working agreements."""
        values = (
            self.condition_rent_paid,
            self.condition_cooperation,
            self.condition_insight,
            self.condition_payment_proposal,
        )
        return [
            (str(label), str(ConditionStatus(value).label) if value else "–")
            for (_key, label), value in zip(CONDITIONS, values, strict=True)
        ]
