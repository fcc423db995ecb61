"""Who saw or changed which person's data, and when. Rows are only ever added.

The database refuses UPDATE and DELETE on the three tables below (``audit.immutability``), and
``eropaf seal_audit`` adds a hash chain over the events that ``eropaf verify_audit`` checks.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EXPORT = "export", _("Exported")
    SEARCH = "search", _("Searched")
    LOGIN = "login", _("Logged in")
    LOGOUT = "logout", _("Logged out")
    LOGIN_FAILED = "login_failed", _("Failed login")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    # No database constraint and DO_NOTHING: removing a user must never touch (UPDATE) an audit row,
    # which the database refuses. The id may then point to nobody; actor_username still says who.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    # Kept when the user is later removed, so the trail still says who it was.
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    subject_type = models.CharField(_("subject type"), max_length=50)
    subject_id = models.CharField(_("subject id"), max_length=64, blank=True)
    municipality_code = models.CharField(_("municipality"), max_length=4, blank=True, db_index=True)
    # Which households: the cases (and signals) whose personal data was read or changed.
    case_ids = models.JSONField(_("cases"), default=list, blank=True)
    signal_ids = models.JSONField(_("signals"), default=list, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["subject_type", "subject_id"], name="audit_subject_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.subject_type}"


class SubjectKind(models.TextChoices):
    CASE = "case", _("case")
    SIGNAL = "signal", _("signal")


class AuditSubject(models.Model):
    """One case or signal an event names, written with the event: the index behind "who viewed
    person X", the same on SQLite and PostgreSQL (no JSON containment needed)."""

    event = models.ForeignKey(
        AuditEvent, on_delete=models.DO_NOTHING, related_name="subjects", verbose_name=_("audit event")
    )
    kind = models.CharField(_("kind"), max_length=6, choices=SubjectKind.choices)
    object_id = models.BigIntegerField(_("id"))

    class Meta:
        verbose_name = _("audit subject")
        verbose_name_plural = _("audit subjects")
        indexes = [models.Index(fields=["kind", "object_id"], name="audit_subject_object_idx")]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.kind} {self.object_id}"


class AuditSeal(models.Model):
    """A link of the hash chain over the trail, added after the fact by ``eropaf seal_audit``.

    ``content_hash`` is the SHA-256 of the event's content, ``chain_hash`` the SHA-256 of the
    previous link's chain hash, this link's sequence and its content hash. The unique sequence
    keeps the chain one line even when two sealers run at once (one of them fails)."""

    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    event = models.OneToOneField(
        AuditEvent, on_delete=models.DO_NOTHING, related_name="seal", verbose_name=_("audit event")
    )
    content_hash = models.CharField(_("content hash"), max_length=64)
    chain_hash = models.CharField(_("chain hash"), max_length=64)
    sealed_at = models.DateTimeField(_("sealed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("audit seal")
        verbose_name_plural = _("audit seals")

    def __str__(self) -> str:
        return f"{self.sequence}: {self.chain_hash[:12]}"
