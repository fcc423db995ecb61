"""Letter templates, the sender of a municipality's letters, generated letters and monthly batches.

Texts shown to people are English source strings, translated to Dutch through gettext.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

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
        verbose_name=_("municipality"),
        help_text=_("Empty: the national default text, for municipalities without a text of their own."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=LetterKind.choices)
    title = models.CharField(_("title"), max_length=200, validators=[validate_letter_text])
    body = models.TextField(
        _("text"),
        validators=[validate_letter_text],
        help_text=_(
            "Separate paragraphs with an empty line. Placeholders: {{ naam }}, {{ aanhef }}, {{ adres }}, "
            "{{ gemeente }}, {{ medewerker }}, {{ telefoon }}, {{ datum }}, {{ bedrag }}, "
            "{{ achterstanden }}, {{ reageer_voor }}. Eropaf adds the salutation and the closing itself."
        ),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )

    class Meta:
        ordering = ["kind", "municipality__name"]
        verbose_name = _("letter template")
        verbose_name_plural = _("letter templates")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "kind"],
                condition=models.Q(is_active=True, municipality__isnull=False),
                name="letter_template_one_active_per_municipality",
                violation_error_message=_("This municipality already has an active template of this kind."),
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(is_active=True, municipality__isnull=True),
                name="letter_template_one_active_national",
                violation_error_message=_("There is already an active national template of this kind."),
            ),
        ]

    def __str__(self) -> str:
        owner = self.municipality.name if self.municipality else gettext("national")
        return f"{self.get_kind_display()} ({owner})"


class LetterSender(TimeStampedModel):
    """Who a municipality's letters come from and how the resident reaches them."""

    municipality = models.OneToOneField(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        related_name="letter_sender",
        verbose_name=_("municipality"),
    )
    department = models.CharField(_("department or team"), max_length=150, default="Team Vroegsignalering")
    phone = models.CharField(_("phone number"), max_length=30, help_text=_("For example 14 071."))
    email = models.EmailField(_("e-mail address"), blank=True)

    class Meta:
        verbose_name = _("letter sender")
        verbose_name_plural = _("letter senders")

    def __str__(self) -> str:
        return f"{self.department} ({self.municipality.name})"


class BatchStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class LetterBatch(models.Model):
    """The letters of one kind for one month of one municipality. Progress is committed per letter."""

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="letter_batches"
    )
    period = models.DateField(_("matching period"))
    kind = models.CharField(_("kind"), max_length=32, choices=LetterKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("letters done"), default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("letter batch")
        verbose_name_plural = _("letter batches")
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
    kind = models.CharField(_("kind"), max_length=32, choices=LetterKind.choices)
    template = models.ForeignKey(
        LetterTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="letters"
    )
    title = models.CharField(_("title"), max_length=200)
    pdf = models.FileField(_("pdf"), upload_to=letter_upload_to, max_length=255)
    rendered_text = models.TextField(_("text of the letter"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    batch = models.ForeignKey(
        LetterBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="letters"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sent letter")
        verbose_name_plural = _("sent letters")
        constraints = [
            # A re-run of a batch never makes a second letter of the same kind for a case.
            models.UniqueConstraint(fields=["batch", "case", "kind"], name="letter_once_per_batch"),
        ]

    def __str__(self) -> str:
        return gettext("%(kind)s case %(case)s (%(date)s)") % {
            "kind": self.get_kind_display(),
            "case": self.case_id,
            "date": f"{self.created_at:%Y-%m-%d}",
        }
