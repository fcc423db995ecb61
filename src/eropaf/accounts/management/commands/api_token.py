"""``eropaf api_token``: make, list and revoke partner API keys from the command line."""

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from eropaf.accounts.api_tokens import create_api_token, revoke_api_token, tokens_of_partner
from eropaf.accounts.models import PartnerApiToken
from eropaf.organisations.models import Partner

EXIT_NOT_FOUND = 2
# The audit trail names the command line as the actor of a revocation made here.
COMMAND_LINE_ACTOR = "command-line"


def _partner(code: str) -> Partner:
    partner = Partner.objects.filter(code=code).first()
    if partner is None:
        raise CommandError(
            _("There is no partner with code %(code)s.") % {"code": code}, returncode=EXIT_NOT_FOUND
        )
    return partner


def _expiry(text: str | None) -> dt.datetime | None:
    """``--expires`` names the last day the key works; it stops at midnight after that day."""
    if text is None:
        return None
    try:
        last_day = dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            _("%(value)s is not a date in the form YYYY-MM-DD.") % {"value": text}, returncode=EXIT_NOT_FOUND
        ) from error
    if last_day < timezone.localdate():
        raise CommandError(_("The expiry date lies in the past."), returncode=EXIT_NOT_FOUND)
    midnight = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(midnight)


def _state(token: PartnerApiToken) -> str:
    if token.revoked_at is not None:
        return str(_("revoked"))
    if token.expires_at is not None and token.expires_at <= timezone.now():
        return str(_("expired"))
    return str(_("active"))


def _when(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else "-"


class Command(BaseCommand):
    help = (
        "Manage partner API keys. 'create' makes a key and prints it once (only a hash is kept); "
        "'list' shows a partner's keys with their state; 'revoke' stops a key at once. "
        "Exit code 0 on success, 2 when the partner or key does not exist or an argument is wrong."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{create,list,revoke}")
        create: ArgumentParser = actions.add_parser(
            "create", help="make a key for a partner system and print it once"
        )
        create.add_argument("--partner", required=True, help="the partner's code, e.g. woongoed")
        create.add_argument("--name", required=True, help="which system uses the key, e.g. 'SAP export'")
        create.add_argument(
            "--expires",
            metavar="YYYY-MM-DD",
            help="the last day the key works; default and latest: PARTNER_API_TOKEN_MAX_DAYS days from now",
        )
        listing: ArgumentParser = actions.add_parser(
            "list", help="list a partner's keys (never the keys themselves)"
        )
        listing.add_argument("--partner", required=True, help="the partner's code")
        revoke: ArgumentParser = actions.add_parser("revoke", help="revoke a key; it stops working at once")
        revoke.add_argument("prefix", help="the key's prefix, as 'list' shows it (the part after eropaf_)")

    def handle(self, *_args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            self._create(options)
        elif action == "list":
            self._list(options)
        else:
            self._revoke(options)

    def _create(self, options: dict[str, Any]) -> None:
        partner = _partner(options["partner"])
        name = options["name"].strip()
        if not name:
            raise CommandError(_("Give the key a name."), returncode=EXIT_NOT_FOUND)
        issued = create_api_token(
            partner=partner, name=name, created_by=None, expires_at=_expiry(options["expires"])
        )
        self.stderr.write(
            _("Key %(prefix)s for %(partner)s. It is shown only now; store it safely.")
            % {"prefix": issued.token.prefix, "partner": partner.name}
        )
        self.stdout.write(issued.key)

    def _list(self, options: dict[str, Any]) -> None:
        partner = _partner(options["partner"])
        tokens = tokens_of_partner(partner=partner)
        if not tokens:
            self.stdout.write(_("%(partner)s has no API keys.") % {"partner": partner.name})
            return
        for token in tokens:
            self.stdout.write(
                "\t".join(
                    (
                        token.prefix,
                        _state(token),
                        token.name,
                        _("made %(at)s") % {"at": _when(token.created_at)},
                        _("expires %(at)s") % {"at": _when(token.expires_at)},
                        _("last used %(at)s") % {"at": _when(token.last_used_at)},
                    )
                )
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        token = PartnerApiToken.objects.select_related("partner").filter(prefix=options["prefix"]).first()
        if token is None:
            raise CommandError(
                _("There is no API key with prefix %(prefix)s.") % {"prefix": options["prefix"]},
                returncode=EXIT_NOT_FOUND,
            )
        if token.revoked_at is not None:
            self.stdout.write(_("Key %(prefix)s was revoked before.") % {"prefix": token.prefix})
            return
        # Not saved: it only names the command line as the actor in the audit trail.
        actor = get_user_model()(username=COMMAND_LINE_ACTOR)
        revoke_api_token(token=token, revoked_by=actor)
        self.stdout.write(
            _("Key %(prefix)s of %(partner)s is revoked.")
            % {"prefix": token.prefix, "partner": token.partner.name}
        )
