"""The eviction-prevention chain's core: one track per household with its court timeline, the
housing arrangement that "never on the street" asks for, moratoria and the eviction-stage tasks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eropaf.core.models import TimeStampedModel
from eropaf.escalation.court import CourtStage, CourtStepKind, HousingArrangement


class StepSource(models.TextChoices):
    LANDLORD = "landlord", _("Landlord")
    BAILIFF = "bailiff", _("Bailiff")
    STAFF = "staff", _("Municipality")
    DELIVERY = "delivery", _("Signal delivery")


class EvictionTrack(TimeStampedModel):
    """A household (municipality and address) in the eviction chain, "in view from first signal to
    eviction". Created by the first court step, referral or report about the household."""

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="eviction_tracks"
    )
    address_key = models.CharField(_("address key"), max_length=24)
    address = models.CharField(_("address"), max_length=250, blank=True)
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="eviction_tracks",
        verbose_name=_("responsible team"),
    )
    landlord = models.ForeignKey(
        "organisations.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="eviction_tracks",
        verbose_name=_("landlord"),
    )
    stage = models.CharField(
        _("court stage"), max_length=20, choices=CourtStage.choices, default=CourtStage.NONE
    )
    eviction_on = models.DateField(_("eviction date"), null=True, blank=True)
    has_minors = models.BooleanField(_("minor children in the household"), default=False)
    is_vulnerable = models.BooleanField(_("vulnerable household"), default=False)
    vulnerability_note = models.TextField(_("why vulnerable"), blank=True)
    housing_arrangement = models.CharField(
        _("housing arrangement"), max_length=20, choices=HousingArrangement.choices, blank=True
    )
    housing_note = models.TextField(_("housing arrangement, details"), blank=True)

    class Meta:
        ordering = ["eviction_on", "id"]
        verbose_name = _("eviction track")
        verbose_name_plural = _("eviction tracks")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "address_key"], name="track_one_per_household"),
            # "Never on the street", held by the database as well as by the services.
            models.CheckConstraint(
                name="track_never_on_the_street",
                condition=~Q(stage=CourtStage.EXECUTED)
                | (Q(has_minors=False) & Q(is_vulnerable=False))
                | ~Q(housing_arrangement=""),
            ),
        ]

    def __str__(self) -> str:
        return f"Huishouden {self.pk}"

    @property
    def needs_housing_arrangement(self) -> bool:
        return self.has_minors or self.is_vulnerable


class CourtStep(models.Model):
    """One reported step; never changed afterwards (a correction is a new step)."""

    track = models.ForeignKey(EvictionTrack, on_delete=models.CASCADE, related_name="court_steps")
    kind = models.CharField(_("step"), max_length=20, choices=CourtStepKind.choices)
    on = models.DateField(_("date"))
    stage_after = models.CharField(_("stage after the step"), max_length=20, choices=CourtStage.choices)
    source = models.CharField(_("reported by"), max_length=20, choices=StepSource.choices)
    partner = models.ForeignKey(
        "organisations.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="court_steps",
        verbose_name=_("reporting partner"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        verbose_name = _("court step")
        verbose_name_plural = _("court steps")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%Y-%m-%d}"


class MoratoriumKind(models.TextChoices):
    BROAD = "broad", _("Broad moratorium (Wgs art. 5)")
    EMERGENCY = "emergency", _("Emergency moratorium (Fw art. 287b)")


class MoratoriumDecision(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class Moratorium(TimeStampedModel):
    """A request to the court to stop collection or eviction for at most six months."""

    track = models.ForeignKey(EvictionTrack, on_delete=models.CASCADE, related_name="moratoria")
    kind = models.CharField(_("kind"), max_length=20, choices=MoratoriumKind.choices)
    requested_on = models.DateField(_("requested on"))
    decision = models.CharField(
        _("decision"), max_length=20, choices=MoratoriumDecision.choices, default=MoratoriumDecision.REQUESTED
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = _("moratorium")
        verbose_name_plural = _("moratoria")
        constraints = [
            models.CheckConstraint(
                name="moratorium_granted_has_term",
                condition=~Q(decision=MoratoriumDecision.GRANTED)
                | (Q(starts_on__isnull=False) & Q(ends_on__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.requested_on:%Y-%m-%d})"


class Party(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    MUNICIPALITY = "municipality", _("Municipality (early detection)")
    LANDLORD = "landlord", _("Landlord")
    BAILIFF = "bailiff", _("Bailiff")
    NEIGHBOURHOOD_TEAM = "neighbourhood_team", _("Neighbourhood team")
    DEBT_SERVICES = "debt_services", _("Debt services")
    CARE_DESK = "care_desk", _("Meldpunt Zorg en Overlast")
    OTHER = "other", _("Other")


class SupportTask(TimeStampedModel):
    """One line of the eviction stage's "who does what" list."""

    track = models.ForeignKey(EvictionTrack, on_delete=models.CASCADE, related_name="support_tasks")
    party = models.CharField(_("who"), max_length=30, choices=Party.choices)
    task = models.CharField(_("what"), max_length=300)
    due_on = models.DateField(_("before"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["done_on", "due_on", "id"]
        verbose_name = _("eviction-stage task")
        verbose_name_plural = _("eviction-stage tasks")

    def __str__(self) -> str:
        return self.task
