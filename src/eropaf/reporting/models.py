"""The dashboard's figures, counted ahead per municipality and month (ADR 0013).

Counting a year of a big city's signals, cases and contact attempts takes seconds to minutes; the
dashboard must answer in a second. So ``reporting.figures.refresh_figures`` counts them set-based
into these small tables — hundreds to a few thousand rows per municipality — and the dashboard
adds those rows up for the months chosen. Nothing here is a fact of its own: every row can be
counted again from the domain tables at any time, and a refresh replaces a municipality's rows in
one transaction. No row holds a person's data.

Rows marked ``purged`` hold what a retention purge deleted (``retention``): the counts before the
purge minus the counts after it, per key, so that every sum over any months stays as it was. Such a
row may be negative (a household whose earlier case was purged now enters in a later month); a
refresh leaves purged rows alone.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FiguresRefresh(models.Model):
    """When the municipality's figures were last counted, and whether a new count is asked for."""

    municipality = models.OneToOneField(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="+"
    )
    requested_at = models.DateTimeField(_("refresh requested at"), null=True, blank=True)
    refreshed_at = models.DateTimeField(_("figures counted at"), null=True, blank=True)
    seconds = models.FloatField(_("duration of the count in seconds"), null=True, blank=True)

    class Meta:
        verbose_name = _("figures refresh")
        verbose_name_plural = _("figures refreshes")

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.refreshed_at}"


class SignalMonth(models.Model):
    """Signals of a matching month per partner and signal type, and what they lack."""

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    period = models.DateField()
    partner = models.ForeignKey("organisations.Partner", on_delete=models.CASCADE, related_name="+")
    signal_type = models.CharField(max_length=20)
    signals = models.IntegerField(default=0)
    without_phone = models.IntegerField(default=0)
    without_email = models.IntegerField(default=0)
    without_contact = models.IntegerField(default=0)
    old_arrears = models.IntegerField(default=0)

    purged = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["municipality", "period"], name="signalmonth_period_idx")]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m} {self.signal_type}: {self.signals}"


class CaseMonth(models.Model):
    """Cases of a matching month per district, their results and their signals."""

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    period = models.DateField()
    district = models.ForeignKey(
        "organisations.District", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cases = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    reached = models.IntegerField(default=0)
    help_accepted = models.IntegerField(default=0)
    recurring = models.IntegerField(default=0)
    signals = models.IntegerField(default=0)

    purged = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["municipality", "period"], name="casemonth_period_idx")]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m}: {self.cases}"


class CourtResult(models.TextChoices):
    NONE = "", _("No eviction prevented or executed")
    PREVENTED = "prevented", _("Eviction prevented")
    EXECUTED = "executed", _("Eviction executed")


class HouseholdMonth(models.Model):
    """Households with a case in a matching month, by the month of their case before, and whether
    they were reached or accepted help after their case of this month was opened.

    A household counts once in a range of months: in the range's first month in which it has a
    case, which is the month whose ``previous_period`` lies before the range (or is empty).
    """

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    period = models.DateField()
    previous_period = models.DateField(null=True, blank=True)
    reached = models.BooleanField(default=False)
    helped = models.BooleanField(default=False)
    court_result = models.CharField(max_length=10, choices=CourtResult.choices, blank=True)
    households = models.IntegerField(default=0)

    purged = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["municipality", "period"], name="householdmonth_period_idx")]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m}: {self.households}"


class AttemptMonth(models.Model):
    """Contact attempts per calendar month (Dutch time) and the team of their case."""

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    month = models.DateField()
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attempts = models.IntegerField(default=0)
    reached = models.IntegerField(default=0)

    purged = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["municipality", "month"], name="attemptmonth_month_idx")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.attempts}"


class OpenCaseCount(models.Model):
    """Open cases per team and due date: whether they are overdue is decided on the day of reading."""

    municipality = models.ForeignKey(
        "organisations.Municipality", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(null=True, blank=True)
    cases = models.IntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["municipality"], name="opencasecount_municipality_idx")]

    def __str__(self) -> str:
        return f"{self.due_on}: {self.cases}"
