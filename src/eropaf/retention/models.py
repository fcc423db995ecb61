"""Retention terms per municipality, and the log of every purge (counts and ids, never content)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eropaf.retention.terms import Terms


class RetentionTerms(models.Model):
    """A municipality's own terms; without a row the settings' defaults apply (``terms_for``)."""

    municipality = models.OneToOneField(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="retention_terms"
    )
    unmatched_months = models.PositiveSmallIntegerField(
        _("signals without a case (months after their month)"), default=6
    )
    not_picked_up_months = models.PositiveSmallIntegerField(
        _("cases not picked up (months after their month)"), default=6
    )
    picked_up_months = models.PositiveSmallIntegerField(
        _("cases picked up (months after their month, at least)"), default=12
    )
    closed_months = models.PositiveSmallIntegerField(_("closed cases (months after closing)"), default=18)

    class Meta:
        verbose_name = _("retention terms")
        verbose_name_plural = _("retention terms")

    def __str__(self) -> str:
        return str(self.municipality)

    def as_terms(self) -> Terms:
        return Terms(
            unmatched_months=self.unmatched_months,
            not_picked_up_months=self.not_picked_up_months,
            picked_up_months=self.picked_up_months,
            closed_months=self.closed_months,
        )


class PurgeRun(models.Model):
    """One purge of one municipality: what was deleted, counted. The deleted rows' ids are in the
    audit event of the run; their content is gone."""

    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("municipality"),
    )
    today = models.DateField(_("purged as of"))
    dry_run = models.BooleanField(_("only counted"), default=False)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    seconds = models.FloatField(_("duration in seconds"), default=0)
    started_by = models.CharField(_("started by"), max_length=150, blank=True)
    terms = models.JSONField(_("terms applied"), default=dict)
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("purge")
        verbose_name_plural = _("purges")

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.today}"
