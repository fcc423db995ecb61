"""Letter templates, the sender of a municipality's letters, generated letters and monthly batches.

Texts shown to people are Dutch literals in this app (see docs/letters.md).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from eropaf.core.models import TimeStampedModel
from eropaf.letters.kinds import LetterKind
from eropaf.letters.placeholders import PlaceholderError, check_text


def validate_letter_text(text: str) -> None:
    try:
        check_text(text)
    except PlaceholderError as error:
        raise ValidationError(str(error), code="placeholders") from error


class LetterTemplate(TimeStampedModel):
    """The text of one kind of letter; without a municipality it is the national default."""

    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="letter_templates",
        verbose_name="gemeente",
        help_text="Leeg: de landelijke standaardtekst, voor gemeenten zonder eigen tekst.",
    )
    kind = models.CharField("soort", max_length=32, choices=LetterKind.choices)
    title = models.CharField("titel", max_length=200, validators=[validate_letter_text])
    body = models.TextField(
        "tekst",
        validators=[validate_letter_text],
        help_text=(
            "Alinea's scheiden met een lege regel. Invulvelden: {{ naam }}, {{ aanhef }}, {{ adres }}, "
            "{{ gemeente }}, {{ medewerker }}, {{ telefoon }}, {{ datum }}, {{ bedrag }}, "
            "{{ achterstanden }}, {{ reageer_voor }}. De aanhef en de groet zet Eropaf er zelf bij."
        ),
    )
    is_active = models.BooleanField("in gebruik", default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="laatst gewijzigd door",
    )

    class Meta:
        ordering = ["kind", "municipality__name"]
        verbose_name = "briefsjabloon"
        verbose_name_plural = "briefsjablonen"
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind"],
                condition=models.Q(is_active=True, municipality__isnull=False),
                name="letter_template_one_active_per_municipality",
                violation_error_message="Deze gemeente heeft al een actief sjabloon van deze soort.",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(is_active=True, municipality__isnull=True),
                name="letter_template_one_active_national",
                violation_error_message="Er is al een actief landelijk sjabloon van deze soort.",
            ),
        ]

    def __str__(self) -> str:
        owner = self.municipality.name if self.municipality else "landelijk"
        return f"{self.get_kind_display()} ({owner})"


class LetterSender(TimeStampedModel):
    """Who a municipality's letters come from and how the resident reaches them."""

    municipality = models.OneToOneField(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        related_name="letter_sender",
        verbose_name="gemeente",
    )
    department = models.CharField("afdeling of team", max_length=150, default="Team Vroegsignalering")
    phone = models.CharField("telefoonnummer", max_length=30, help_text="Bijvoorbeeld 14 071.")
    email = models.EmailField("e-mailadres", blank=True)

    class Meta:
        verbose_name = "afzender van brieven"
        verbose_name_plural = "afzenders van brieven"

    def __str__(self) -> str:
        return f"{self.department} ({self.municipality.name})"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", "Wacht"
    RUNNING = "running", "Bezig"
    DONE = "done", "Klaar"
    FAILED = "failed", "Mislukt"


class LetterBatch(models.Model):
    """The letters of one kind for one month of one municipality. Progress is committed per letter."""

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="letter_batches"
    )
    period = models.DateField("matchingsperiode")
    kind = models.CharField("soort", max_length=32, choices=LetterKind.choices)
    status = models.CharField(
        "status", max_length=20, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    total = models.PositiveIntegerField("totaal", default=0)
    done = models.PositiveIntegerField("klaar", default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("aangemaakt", default=timezone.now)
    started_at = models.DateTimeField("gestart", null=True, blank=True)
    finished_at = models.DateTimeField("klaar op", null=True, blank=True)
    message = models.TextField("melding", blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "briefronde"
        verbose_name_plural = "briefrondes"
        indexes = [models.Index(fields=["municipality", "period"], name="letter_batch_period_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period:%Y-%m} #{self.pk}"

    @property
    def percent(self) -> int:
        if self.status == BatchStatus.DONE:
            return 100
        return min(99, int(100 * self.done / self.total)) if self.total else 0


def letter_upload_to(letter: "GeneratedLetter", filename: str) -> str:
    """``letters/<gemeentecode>/<yyyy>/<mm>/<file>``; the file name holds no personal data."""
    today = timezone.localdate()
    return f"letters/{letter.case.municipality.code}/{today:%Y}/{today:%m}/{filename}"


class GeneratedLetter(models.Model):
    """One letter or card as it was made: the PDF and its text, never changed afterwards."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField("soort", max_length=32, choices=LetterKind.choices)
    template = models.ForeignKey(
        LetterTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="letters"
    )
    title = models.CharField("titel", max_length=200)
    pdf = models.FileField("pdf", upload_to=letter_upload_to, max_length=255)
    rendered_text = models.TextField("tekst van de brief")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("gemaakt op", default=timezone.now)
    batch = models.ForeignKey(
        LetterBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="letters"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "verstuurde brief"
        verbose_name_plural = "verstuurde brieven"
        constraints = [
            # A re-run of a batch never makes a second letter of the same kind for a case.
            models.UniqueConstraint(fields=["batch", "case", "kind"], name="letter_once_per_batch"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} zaak {self.case_id} ({self.created_at:%Y-%m-%d})"
