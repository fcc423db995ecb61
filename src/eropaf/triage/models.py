"""A municipality's triage policies as numbered versions: drafts, the one active version, retired ones."""

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eropaf.core.models import TimeStampedModel


def document_text(data: Any) -> str:
    """The policy as data, as the JSON text a version stores."""
    return json.dumps(data, ensure_ascii=False)


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class PolicyVersion(TimeStampedModel):
    """One version of a municipality's afwegingskader. The document is the policy as data
    (``triage.policy.policy_as_data``); a version is never edited once it has been active, so the
    cases triaged by it keep their explanation."""

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="policy_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    name = models.CharField(_("name"), max_length=200)
    source = models.CharField(
        _("source"), max_length=100, blank=True, help_text=_("Preset or file it came from.")
    )
    document_json = models.TextField(_("policy"), db_column="document")
    """The policy as JSON text, not a JSON column: PostgreSQL's jsonb would reorder the keys, and
    the order of a rule's conditions is the order of its explanation."""
    status = models.CharField(
        _("status"), max_length=20, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired at"), null=True, blank=True)

    class Meta:
        ordering = ["municipality", "-number"]
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "number"], name="policy_version_number_once"),
            models.UniqueConstraint(
                fields=["municipality"],
                condition=models.Q(status="active"),
                name="policy_one_active_per_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"

    @property
    def document(self) -> Any:
        """The policy as data (``triage.policy.policy_as_data``), in the order it was written."""
        return json.loads(self.document_json)

    @document.setter
    def document(self, data: Any) -> None:
        self.document_json = document_text(data)


class WorkloadSetting(TimeStampedModel):
    """The municipality's minutes per contact kind and productive hours per FTE, for the simulation
    (``triage.simulation.norms_as_data``); the documented defaults while none is stored."""

    municipality = models.OneToOneField(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="workload_setting"
    )
    norms = models.JSONField(_("workload norms"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("workload norms")
        verbose_name_plural = _("workload norms")

    def __str__(self) -> str:
        return f"{self.municipality_id}"
