"""The systems that may pull a municipality's DDAS data (CBS), and the short-lived tokens they hold.

Secrets and tokens are stored only as SHA-256 hashes: both are 256 random bits, so a slow password
hash would add nothing (as for partner API keys, ``accounts.api_tokens``).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eropaf.core.models import TimeStampedModel


class DdasClient(TimeStampedModel):
    """One OAuth2 client (client credentials grant) that may fetch one municipality's data."""

    municipality = models.ForeignKey(
        "organisations.Municipality",
        on_delete=models.CASCADE,
        related_name="ddas_clients",
        verbose_name=_("municipality"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("Who uses this client, e.g. CBS."))
    client_id = models.CharField(_("client id"), max_length=40, unique=True, editable=False)
    secret_hash = models.CharField(_("secret hash"), max_length=64, editable=False)
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("An inactive client gets no tokens; its tokens stop working.")
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["municipality", "name"]
        verbose_name = _("DDAS client")
        verbose_name_plural = _("DDAS clients")

    def __str__(self) -> str:
        return f"{self.name} ({self.client_id})"


class DdasAccessToken(models.Model):
    """A bearer token issued to a client; only its hash is kept, and it expires within minutes."""

    client = models.ForeignKey(DdasClient, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=50)
    issued_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("DDAS access token")
        verbose_name_plural = _("DDAS access tokens")

    def __str__(self) -> str:
        return f"{self.client.client_id} {self.issued_at:%Y-%m-%d %H:%M}"
