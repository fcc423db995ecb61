"""Referrals to the Meldpunt Zorg en Overlast (track 2), declined proposals and the per-municipality
setting of how long a rent case may wait before a referral is proposed."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eropaf.care_desk.rules import (
    DEFAULT_DAYS_UNTOUCHED,
    MAX_DAYS_UNTOUCHED,
    ReferralOutcome,
    ReferralReason,
    ReferralStatus,
    ReferrerKind,
)
from eropaf.core.models import TimeStampedModel


class Referral(TimeStampedModel):
    """One household referred to a Meldpunt team, with the referral form's content and the
    Meldpunt's handling. The outcome note is the Meldpunt's own: only the Meldpunt team sees it."""

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="care_desk_referrals"
    )
    track = models.ForeignKey(
        "escalation.EvictionTrack",
        on_delete=models.PROTECT,
        related_name="care_desk_referrals",
        verbose_name=_("household"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="care_desk_referrals",
        verbose_name=_("case"),
    )
    procedure = models.ForeignKey(
        "escalation.CourtStep",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("court procedure"),
        help_text=_("The summons that started the court procedure under way when the referral was made."),
    )
    desk_team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="care_desk_referrals",
        verbose_name=_("Meldpunt team"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReferralReason.choices)
    referred_on = models.DateField(_("referred on"))
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="care_desk_referrals",
        verbose_name=_("referred by"),
    )
    referrer_kind = models.CharField(_("referrer"), max_length=20, choices=ReferrerKind.choices)
    referrer_organisation = models.CharField(_("organisation of the referrer"), max_length=150, blank=True)
    partner = models.ForeignKey(
        "organisations.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="care_desk_referrals",
        verbose_name=_("referring landlord"),
    )
    # The referral form.
    concerns = models.TextField(_("concerns"))
    tried_before = models.TextField(_("what was tried before"))
    household_situation = models.TextField(_("household situation"))
    has_minors = models.BooleanField(_("minor children in the household"), default=False)
    resident_informed = models.BooleanField(_("resident informed that a report is made"))
    # The Meldpunt's handling.
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    taken_up_on = models.DateField(_("taken up on"), null=True, blank=True)
    taken_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReferralOutcome.choices, blank=True)
    outcome_note = models.TextField(_("note of the Meldpunt"), blank=True)
    closed_on = models.DateField(_("outcome date"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-referred_on", "-id"]
        verbose_name = _("Meldpunt referral")
        verbose_name_plural = _("Meldpunt referrals")
        constraints = [
            models.CheckConstraint(name="care_desk_resident_informed", condition=Q(resident_informed=True)),
            models.CheckConstraint(
                name="care_desk_closed_has_outcome",
                condition=~Q(status=ReferralStatus.CLOSED) | (~Q(outcome="") & Q(closed_on__isnull=False)),
            ),
        ]
        indexes = [
            models.Index(fields=["desk_team", "status"], name="care_desk_team_status_idx"),
            models.Index(fields=["municipality", "track"], name="care_desk_household_idx"),
        ]

    def __str__(self) -> str:
        return f"Doorverwijzing {self.pk}"


class ProposalKind(models.TextChoices):
    SUMMONS = ReferralReason.SUMMONS.value, ReferralReason.SUMMONS.label
    RENT_NOT_HANDLED = ReferralReason.RENT_NOT_HANDLED.value, ReferralReason.RENT_NOT_HANDLED.label


class ProposalDismissal(models.Model):
    """A case worker declined a proposed referral; it is not proposed again for that court
    procedure (summons) or that case (rent signal not taken into handling)."""

    municipality = models.ForeignKey("organisations.Municipality", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("proposal"), max_length=20, choices=ProposalKind.choices)
    track = models.ForeignKey(
        "escalation.EvictionTrack", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    procedure = models.ForeignKey(
        "escalation.CourtStep", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="care_desk_dismissals"
    )
    reason = models.TextField(_("why not referred"))
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dismissed_on = models.DateField(_("declined on"))

    class Meta:
        ordering = ["-dismissed_on", "-id"]
        verbose_name = _("declined Meldpunt proposal")
        verbose_name_plural = _("declined Meldpunt proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["procedure"],
                condition=Q(kind="summons"),
                name="care_desk_dismissal_one_per_procedure",
            ),
            models.UniqueConstraint(
                fields=["case"], condition=Q(kind="rent_not_handled"), name="care_desk_dismissal_one_per_case"
            ),
            models.CheckConstraint(
                name="care_desk_dismissal_names_its_subject",
                condition=(Q(kind="summons") & Q(procedure__isnull=False))
                | (Q(kind="rent_not_handled") & Q(case__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.dismissed_on:%Y-%m-%d})"


class CareDeskSettings(TimeStampedModel):
    """How long a rent case may stay untouched before a Meldpunt referral is proposed."""

    municipality = models.OneToOneField(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="care_desk_settings"
    )
    days_untouched = models.PositiveSmallIntegerField(
        _("days a rent case may wait"),
        default=DEFAULT_DAYS_UNTOUCHED,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DAYS_UNTOUCHED)],
        help_text=_(
            "A rent case that is still new or in the work queue, without a contact attempt, this many "
            "days after it was opened is proposed for a Meldpunt referral the day after. Default 14."
        ),
    )

    class Meta:
        verbose_name = _("Meldpunt settings")
        verbose_name_plural = _("Meldpunt settings")
        constraints = [
            models.CheckConstraint(
                name="care_desk_days_untouched_range",
                condition=Q(days_untouched__gte=1) & Q(days_untouched__lte=MAX_DAYS_UNTOUCHED),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}"
