"""Municipalities (the tenants), their districts and postcode areas, and signal partners."""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from eropaf.core.models import TimeStampedModel
from eropaf.core.vocabularies import PartnerType

municipality_code_validator = RegexValidator(r"^\d{4}$", _("A CBS municipality code has 4 digits."))
postcode_digits_validator = RegexValidator(r"^[1-9]\d{3}$", _("Give the 4 digits of a postcode."))
kvk_validator = RegexValidator(r"^\d{8}$", _("A KvK number has 8 digits."))


class Municipality(TimeStampedModel):
    code = models.CharField(
        _("CBS municipality code"), max_length=4, unique=True, validators=[municipality_code_validator]
    )
    name = models.CharField(_("name"), max_length=100)
    inhabitants = models.PositiveIntegerField(_("inhabitants"), default=0)
    delivery_cutoff_day = models.PositiveSmallIntegerField(
        _("delivery cut-off day"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Deliveries after this day of the month go into the next matching period."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class District(TimeStampedModel):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="districts")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["municipality", "name"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="district_code_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class PostcodeArea(models.Model):
    """A four-digit postcode area (PC4) that lies in one municipality and, optionally, one district."""

    digits = models.CharField(
        _("postcode digits"), max_length=4, unique=True, validators=[postcode_digits_validator]
    )
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="postcode_areas")
    district = models.ForeignKey(
        District, on_delete=models.SET_NULL, null=True, blank=True, related_name="postcode_areas"
    )

    class Meta:
        ordering = ["digits"]
        verbose_name = _("postcode area")
        verbose_name_plural = _("postcode areas")

    def __str__(self) -> str:
        return self.digits


class Partner(TimeStampedModel):
    """A signal partner organisation; one partner may serve several municipalities."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    partner_type = models.CharField(_("partner type"), max_length=32, choices=PartnerType.choices)
    kvk_number = models.CharField(_("KvK number"), max_length=8, validators=[kvk_validator])
    is_private_landlord = models.BooleanField(_("private landlord"), default=False)
    municipalities = models.ManyToManyField(
        Municipality, related_name="partners", verbose_name=_("municipalities served")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name
