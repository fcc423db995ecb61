"""Deliveries from partners and the signals they hold (signal delivery format, version 1)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eropaf.core.models import TimeStampedModel
from eropaf.core.vocabularies import DeliveryChannel, PartnerType, SignalStatus


class DeliveryStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    PROCESSING = "processing", _("Processing")
    PROCESSED = "processed", _("Processed")
    REFUSED = "refused", _("Refused")


class Delivery(TimeStampedModel):
    """One file or API batch from one partner for one matching period.

    ``received = accepted + rejected + duplicate`` holds for every processed delivery.
    """

    partner = models.ForeignKey("organisations.Partner", on_delete=models.PROTECT, related_name="deliveries")
    period = models.DateField(_("matching period"), help_text=_("First day of the month."))
    channel = models.CharField(_("channel"), max_length=20, choices=DeliveryChannel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.RECEIVED
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_sha256 = models.CharField(_("content hash"), max_length=64, blank=True, db_index=True)
    received_at = models.DateTimeField(_("received at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    received_count = models.PositiveIntegerField(_("rows received"), default=0)
    accepted_count = models.PositiveIntegerField(_("accepted"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected"), default=0)
    duplicate_count = models.PositiveIntegerField(_("duplicates"), default=0)
    # The column headers as the partner sent them, to give rejected rows back in the same shape.
    headers = models.JSONField(_("column headers"), default=list, blank=True)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.CheckConstraint(
                name="delivery_counts_add_up",
                condition=models.Q(
                    received_count=models.F("accepted_count")
                    + models.F("rejected_count")
                    + models.F("duplicate_count")
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.period:%Y-%m} #{self.pk}"


class Signal(models.Model):
    """One arrear reported by one partner; fields follow the delivery format (English names)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="signals")
    # The composite indexes below start with partner and municipality; single-column indexes on
    # them would only slow down bulk loads (docs/performance.md).
    partner = models.ForeignKey(
        "organisations.Partner", on_delete=models.PROTECT, related_name="signals", db_index=False
    )
    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="signals", db_index=False
    )
    period = models.DateField(_("matching period"))
    row_number = models.PositiveIntegerField(_("row number"))
    status = models.CharField(
        _("status"),
        max_length=32,
        choices=SignalStatus.choices,
        default=SignalStatus.NOT_YET_PICKED_UP,
    )

    # The arrear (referentie, signaaltype, ontstaansdatum, signaaldatum, bedrag, termijnbedrag,
    # maandenAchterstand, crisissignaal, eindelevering, warmeOverdracht).
    reference = models.CharField(_("reference"), max_length=64)
    signal_type = models.CharField(_("signal type"), max_length=32, choices=PartnerType.choices)
    arrear_start_date = models.DateField(_("arrear start date"))
    signal_date = models.DateField(_("signal date"))
    amount_cents = models.BigIntegerField(_("amount (cents)"))
    instalment_cents = models.BigIntegerField(_("instalment (cents)"), null=True, blank=True)
    months_in_arrears = models.PositiveSmallIntegerField(_("months in arrears"), null=True, blank=True)
    is_crisis = models.BooleanField(_("crisis signal"), default=False)
    is_end_of_supply = models.BooleanField(_("end of supply"), default=False)
    is_warm_handover = models.BooleanField(_("warm handover"), default=False)

    # The person (bsn, voorletters, voornamen, voorvoegsel, achternaam, geboortedatum).
    bsn = models.CharField(_("BSN"), max_length=9, blank=True)
    initials = models.CharField(_("initials"), max_length=20, blank=True)
    first_names = models.CharField(_("first names"), max_length=200, blank=True)
    surname_prefix = models.CharField(_("surname prefix"), max_length=20, blank=True)
    surname = models.CharField(_("surname"), max_length=200)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)

    # The address (straat, huisnummer, huisletter, huisnummertoevoeging, postcode, woonplaats).
    street = models.CharField(_("street"), max_length=200, blank=True)
    house_number = models.PositiveIntegerField(_("house number"))
    house_letter = models.CharField(_("house letter"), max_length=1, blank=True)
    house_number_addition = models.CharField(_("addition"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, help_text=_("Normalised: 1234AB."))
    city = models.CharField(_("city"), max_length=100, blank=True)
    address_key = models.CharField(_("address key"), max_length=24)
    # The BAG nummeraanduiding id when the partner knows it; matching then keys the household by it.
    bag_address_id = models.CharField(_("BAG address id"), max_length=16, blank=True)

    # Contact (telefoon, email, klantnummer).
    phone = models.CharField(_("phone (E.164)"), max_length=16, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    customer_number = models.CharField(_("customer number"), max_length=64, blank=True)

    # Court steps for rent arrears (dagvaardingsdatum, vonnisdatum, ontruimingsdatum).
    summons_date = models.DateField(_("summons date"), null=True, blank=True)
    judgment_date = models.DateField(_("judgment date"), null=True, blank=True)
    eviction_date = models.DateField(_("eviction date"), null=True, blank=True)

    # The partner withdrew the signal (the arrear was paid): it keeps its history, leaves outreach.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=200, blank=True)

    class Meta:
        ordering = ["period", "delivery", "row_number"]
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        indexes = [
            models.Index(fields=["municipality", "period"], name="signal_municipality_period_idx"),
            models.Index(fields=["partner", "reference", "period"], name="signal_partner_ref_idx"),
            models.Index(fields=["municipality", "address_key"], name="signal_address_idx"),
            # Only the few signals with a BAG id: matching reads them all on every run.
            models.Index(
                fields=["municipality", "address_key", "bag_address_id"],
                condition=~models.Q(bag_address_id=""),
                name="signal_bag_address_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(name="signal_amount_positive", condition=models.Q(amount_cents__gt=0)),
            # The spec's duplicate rule: same partner, reference and amount in one period once.
            models.UniqueConstraint(
                fields=["partner", "period", "reference", "amount_cents"],
                name="signal_not_twice_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_signal_type_display()} {self.reference}"

    @property
    def display_name(self) -> str:
        given = self.first_names or self.initials
        return " ".join(part for part in (given, self.surname_prefix, self.surname) if part)

    @property
    def display_address(self) -> str:
        number = f"{self.house_number}{self.house_letter}"
        if self.house_number_addition:
            number = f"{number}-{self.house_number_addition}"
        postcode = f"{self.postcode[:4]} {self.postcode[4:]}"
        return f"{self.street} {number}, {postcode} {self.city}".strip()


class RejectedRow(models.Model):
    """A row of a delivery that was not stored as a signal (quarantine): its original values as
    the partner sent them and every error found, so that it can be corrected and delivered again."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="rejected_rows")
    row_number = models.PositiveIntegerField(_("row number"))
    values = models.JSONField(_("original values"), default=dict)
    # Every error of the row: a list of objects with the Dutch field name, a code and a message.
    errors = models.JSONField(_("errors"), default=list)

    class Meta:
        ordering = ["delivery", "row_number"]
        verbose_name = _("rejected row")
        verbose_name_plural = _("rejected rows")
        constraints = [
            models.UniqueConstraint(fields=["delivery", "row_number"], name="rejected_row_once"),
        ]

    def __str__(self) -> str:
        return f"{self.delivery} row {self.row_number}"

    @property
    def message(self) -> str:
        return "; ".join(str(error["message"]) for error in self.errors)


class UploadStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Processing")
    DONE = "done", _("Processed")
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed")


class UploadStage(models.TextChoices):
    WAITING = "waiting", _("Waiting for a worker")
    READING = "reading", _("Reading the file")
    VALIDATING = "validating", _("Checking the rows")
    CHECKING = "checking", _("Routing and finding duplicates")
    STORING = "storing", _("Storing")
    FINISHED = "finished", _("Finished")


class Upload(TimeStampedModel):
    """A file handed in through the portal, processed in the background.

    Progress is committed outside the delivery's transaction so the partner sees it move; the
    delivery itself appears only when it is complete. The file's bytes are dropped once processed.
    """

    partner = models.ForeignKey("organisations.Partner", on_delete=models.CASCADE, related_name="uploads")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=DeliveryChannel.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    content = models.BinaryField(_("content"), blank=True, default=b"")
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    requested_period = models.DateField(_("requested period"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=UploadStatus.choices, default=UploadStatus.QUEUED
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=UploadStage.choices, default=UploadStage.WAITING
    )
    rows_total = models.PositiveIntegerField(_("rows"), default=0)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    message = models.TextField(_("message"), blank=True)
    delivery = models.ForeignKey(Delivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")

    def __str__(self) -> str:
        return f"{self.partner} {self.file_name} ({self.status})"

    @property
    def percent(self) -> int:
        stages = list(UploadStage.values)
        if self.status in {UploadStatus.DONE, UploadStatus.REFUSED, UploadStatus.FAILED}:
            return 100
        share = (self.rows_done / self.rows_total) if self.rows_total else 0
        return min(99, int(100 * (stages.index(self.stage) + share) / (len(stages) - 1)))
