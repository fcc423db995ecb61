"""Signalering+ (Breda): the monthly consultations with a housing corporation, their agendas and
decisions, the households admitted to Signalering+ and the extra actions agreed for them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eropaf.core.models import TimeStampedModel
from eropaf.signalering_plus.rules import ActionKind, AgendaKind, DecisionKind


class Consultation(TimeStampedModel):
    """The monthly consultation of a team with one housing corporation."""

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="signalering_consultations"
    )
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="signalering_consultations",
        verbose_name=_("responsible team"),
    )
    corporation = models.ForeignKey(
        "organisations.Partner",
        on_delete=models.PROTECT,
        related_name="signalering_consultations",
        verbose_name=_("housing corporation"),
    )
    held_on = models.DateField(_("date"))
    contact_person = models.CharField(_("contact person of the corporation"), max_length=150, blank=True)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("Signalering+ consultation")
        verbose_name_plural = _("Signalering+ consultations")

    def __str__(self) -> str:
        return f"Overleg {self.pk} ({self.held_on:%Y-%m-%d})"


class Admission(TimeStampedModel):
    """A household in Signalering+, from the consultation that admitted it until one that ends it."""

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.PROTECT, related_name="signalering_admissions"
    )
    address_key = models.CharField(_("address key"), max_length=24)
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="signalering_admissions",
        verbose_name=_("responsible team"),
    )
    corporation = models.ForeignKey(
        "organisations.Partner",
        on_delete=models.PROTECT,
        related_name="signalering_admissions",
        verbose_name=_("housing corporation"),
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="signalering_admissions")
    consultation = models.ForeignKey(Consultation, on_delete=models.PROTECT, related_name="admissions")
    admitted_on = models.DateField(_("admitted on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_decision = models.CharField(
        _("ended by"), max_length=30, choices=DecisionKind.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["-admitted_on", "-id"]
        verbose_name = _("Signalering+ admission")
        verbose_name_plural = _("Signalering+ admissions")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "address_key"],
                condition=Q(ended_on__isnull=True),
                name="signalering_one_running_admission",
            ),
        ]

    def __str__(self) -> str:
        return f"Signalering+ {self.pk}"

    @property
    def is_running(self) -> bool:
        return self.ended_on is None


class AgendaItem(TimeStampedModel):
    """A case on a consultation's agenda, and the decision taken on it."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="signalering_agenda_items")
    kind = models.CharField(_("on the agenda as"), max_length=20, choices=AgendaKind.choices)
    admission = models.ForeignKey(
        Admission, on_delete=models.PROTECT, null=True, blank=True, related_name="agenda_items"
    )
    reason = models.CharField(_("why proposed"), max_length=20, blank=True, default="")
    decision = models.CharField(_("decision"), max_length=30, choices=DecisionKind.choices, blank=True)
    decision_note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "case"], name="signalering_item_once_per_case"),
        ]

    def __str__(self) -> str:
        return f"Agendapunt {self.pk}"


class ExtraAction(TimeStampedModel):
    """An extra action agreed with the corporation for an admitted household, with one owner."""

    admission = models.ForeignKey(Admission, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("action"), max_length=30, choices=ActionKind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signalering_actions",
        verbose_name=_("owner (colleague)"),
    )
    owner_party = models.CharField(_("owner (named party)"), max_length=150, blank=True)
    agreed_on = models.DateField(_("agreed on"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["done_on", "due_on", "id"]
        verbose_name = _("extra action")
        verbose_name_plural = _("extra actions")
        constraints = [
            models.CheckConstraint(
                name="signalering_action_one_owner",
                condition=(Q(owner__isnull=False) & Q(owner_party=""))
                | (Q(owner__isnull=True) & ~Q(owner_party="")),
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def owner_label(self) -> str:
        if self.owner is not None:
            return self.owner.get_full_name() or self.owner.get_username()
        return self.owner_party
