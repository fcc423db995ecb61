"""Users, teams and role assignments, each scoped to a municipality, a team or a partner."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eropaf.accounts.roles import Role, TeamKind
from eropaf.core.models import TimeStampedModel


class Team(TimeStampedModel):
    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="teams"
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=32, choices=TeamKind.choices)
    districts = models.ManyToManyField(
        "organisations.District", blank=True, related_name="teams", verbose_name=_("districts")
    )

    class Meta:
        ordering = ["municipality", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "name"], name="team_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who logs in. What they may do comes from their role assignments only."""

    away_until = models.DateField(
        _("away until"),
        null=True,
        blank=True,
        help_text=_("Leave or illness up to and including this day: no new cases by sticky assignment."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class RoleAssignment(TimeStampedModel):
    """One role for one user in one scope; the scope columns that apply depend on the role."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments"
    )
    partner = models.ForeignKey(
        "organisations.Partner",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.CheckConstraint(
                name="role_assignment_scope_matches_role",
                condition=(
                    Q(
                        role="partner_user",
                        partner__isnull=False,
                        team__isnull=True,
                        municipality__isnull=True,
                    )
                    | Q(
                        role__in=["policy_officer", "administrator"],
                        municipality__isnull=False,
                        team__isnull=True,
                        partner__isnull=True,
                    )
                    | Q(
                        role__in=[
                            "case_worker",
                            "team_lead",
                            "neighbourhood_team_worker",
                            "debt_services_worker",
                            "escalation_member",
                        ],
                        team__isnull=False,
                        municipality__isnull=False,
                        partner__isnull=True,
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        scope = self.team or self.partner or self.municipality
        return f"{self.user} – {Role(self.role).label} – {scope}"


class PartnerApiToken(TimeStampedModel):
    """A partner system's key to the partner API. Only a hash of the key is stored; the key itself
    is shown once, when it is made. Revoked or expired tokens no longer authenticate."""

    partner = models.ForeignKey("organisations.Partner", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100, help_text=_("Which system uses this key."))
    prefix = models.CharField(_("key prefix"), max_length=12, unique=True)
    key_hash = models.CharField(_("key hash"), max_length=64)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("partner API token")
        verbose_name_plural = _("partner API tokens")

    def __str__(self) -> str:
        return f"{self.partner} {self.name} ({self.prefix})"
