"""Matching runs, the windows a municipality classifies with, the BRP check and its review queue,
the local population register and the client list of debt services."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eropaf.core.models import TimeStampedModel


class MatchingSettings(TimeStampedModel):
    """How far back a municipality looks when it classifies (defaults from the Divosa definitions)."""

    municipality = models.OneToOneField(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="matching_settings"
    )
    consecutive_months = models.PositiveSmallIntegerField(
        _("consecutive: months looked back"),
        default=6,
        help_text=_("A signal on the address in this many previous months makes a case consecutive."),
    )
    persistent_months = models.PositiveSmallIntegerField(
        _("persistent: months in a row"),
        default=3,
        help_text=_("Signals in each of this many months, this one included, make a case persistent."),
    )
    repeat_months = models.PositiveSmallIntegerField(
        _("repeat: months looked back"),
        default=6,
        help_text=_("How far back an earlier signal of the same arrear is looked for (rising or repeat)."),
    )

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")
        constraints = [
            models.CheckConstraint(
                name="matching_windows_at_least_one_month",
                condition=models.Q(consecutive_months__gte=1)
                & models.Q(persistent_months__gte=2)
                & models.Q(repeat_months__gte=1),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class RunStage(models.TextChoices):
    WAITING = "waiting", _("Waiting for a worker")
    READING = "reading", _("Reading the signals and their history")
    CLASSIFYING = "classifying", _("Grouping and classifying")
    STORING = "storing", _("Storing the cases")
    CHECKING_REGISTRY = "checking_registry", _("Checking the BRP")
    CHECKING_DEBT_SERVICES = "checking_debt_services", _("Checking debt services")
    TRIAGING = "triaging", _("Deciding and triaging the cases")
    FINISHED = "finished", _("Finished")


class MatchingRun(TimeStampedModel):
    """One run of the monthly matching for one municipality and period: who, when, what it did.

    Progress is committed outside the run's transactions, so the team lead sees it move.
    """

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="matching_runs"
    )
    period = models.DateField(_("matching period"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_by_label = models.CharField(_("started by"), max_length=150, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED)
    stage = models.CharField(_("stage"), max_length=30, choices=RunStage.choices, default=RunStage.WAITING)
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Counts of signals, cases created and updated, per class and per BRP outcome (see RunCounts).
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        indexes = [models.Index(fields=["municipality", "period"], name="run_municipality_period_idx")]

    def __str__(self) -> str:
        return f"{self.municipality} {self.period:%Y-%m} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in {RunStatus.DONE, RunStatus.FAILED}

    @property
    def percent(self) -> int:
        stages = list(RunStage.values)
        if self.is_finished:
            return 100
        share = (self.done / self.total) if self.total else 0
        return min(99, int(100 * (stages.index(self.stage) + share) / (len(stages) - 1)))


class RegistryOutcome(models.TextChoices):
    """What the BRP said about a signalled person."""

    RESIDENT = "resident", _("Resident")
    MOVED_AWAY = "moved_away", _("Moved to another municipality")
    EMIGRATED = "emigrated", _("Moved abroad")
    DECEASED = "deceased", _("Deceased")
    NOT_FOUND = "not_found", _("Not found: awaiting review")
    NOT_IDENTIFIED = "not_identified", _("Not found in the BRP")


class PersonCheck(TimeStampedModel):
    """The BRP's answer for the person of one signal, and what was taken from it."""

    signal = models.OneToOneField("intake.Signal", on_delete=models.CASCADE, related_name="person_check")
    outcome = models.CharField(_("outcome"), max_length=20, choices=RegistryOutcome.choices)
    bsn = models.CharField(_("BSN found"), max_length=9, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    adults = models.PositiveSmallIntegerField(_("adults in the household"), null=True, blank=True)
    minors = models.PositiveSmallIntegerField(_("minors in the household"), null=True, blank=True)
    # Where the person lives now when it is not here: municipality code or country, for forwarding.
    lives_in = models.CharField(_("lives in"), max_length=100, blank=True)
    known_to_debt_services = models.BooleanField(_("known to debt services"), default=False)
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("BRP check")
        verbose_name_plural = _("BRP checks")
        indexes = [models.Index(fields=["outcome"], name="person_check_outcome_idx")]

    def __str__(self) -> str:
        return f"{self.signal_id}: {self.outcome}"


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("To review")
    CONFIRMED = "confirmed", _("Person confirmed")
    REJECTED = "rejected", _("No candidate is the person")


class ReviewItem(TimeStampedModel):
    """A signalled person the BRP did not find: candidates for a case worker to confirm or reject."""

    signal = models.OneToOneField("intake.Signal", on_delete=models.CASCADE, related_name="review_item")
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.OPEN
    )
    # Ranked candidates: bsn, surname, prefix, given names, birth date, score and the reasons.
    candidates = models.JSONField(_("candidates"), default=list, blank=True)
    confirmed_bsn = models.CharField(_("confirmed BSN"), max_length=9, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("BRP review")
        verbose_name_plural = _("BRP reviews")
        indexes = [models.Index(fields=["status"], name="review_status_idx")]

    def __str__(self) -> str:
        return f"{self.signal_id}: {self.status}"


class RegisteredPerson(models.Model):
    """The local population register the local BRP implementation answers from (demo and tests)."""

    bsn = models.CharField(_("BSN"), max_length=9, unique=True)
    surname = models.CharField(_("surname"), max_length=200)
    prefix = models.CharField(_("surname prefix"), max_length=20, blank=True)
    given_names = models.CharField(_("given names"), max_length=200, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    municipality_code = models.CharField(_("municipality code"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    house_number = models.PositiveIntegerField(_("house number"), null=True, blank=True)
    house_letter = models.CharField(_("house letter"), max_length=1, blank=True)
    addition = models.CharField(_("addition"), max_length=4, blank=True)
    street = models.CharField(_("street"), max_length=200, blank=True)
    town = models.CharField(_("town"), max_length=100, blank=True)
    country = models.CharField(_("country abroad"), max_length=100, blank=True)
    deceased = models.BooleanField(_("deceased"), default=False)
    date_of_death = models.DateField(_("date of death"), null=True, blank=True)

    class Meta:
        verbose_name = _("registered person")
        verbose_name_plural = _("registered persons")
        indexes = [
            models.Index(fields=["postcode", "house_number"], name="registered_address_idx"),
            models.Index(fields=["birth_date"], name="registered_birth_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.pk}"


class DebtServicesClient(models.Model):
    """One line of the client list debt services handed over: a BSN, or name, birth date and address."""

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="debt_services_clients"
    )
    bsn = models.CharField(_("BSN"), max_length=9, blank=True, db_index=True)
    surname = models.CharField(_("surname"), max_length=200, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    house_number = models.PositiveIntegerField(_("house number"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported at"))

    class Meta:
        verbose_name = _("debt-services client")
        verbose_name_plural = _("debt-services clients")
        indexes = [models.Index(fields=["municipality", "birth_date"], name="debt_client_birth_idx")]

    def __str__(self) -> str:
        return f"{self.pk}"
