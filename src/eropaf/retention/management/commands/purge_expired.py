"""``eropaf purge_expired``: delete personal data whose retention term has passed."""

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from eropaf.organisations.models import Municipality
from eropaf.retention.services import purge_expired, purge_rejected_rows
from eropaf.retention.tasks import purge_expired_task


class Command(BaseCommand):
    help = (
        "Delete the signals, cases and rejected rows whose retention term has passed (per municipality: "
        "its own terms in the admin, or RETENTION_* settings; defaults 6 months for signals without a case "
        "and cases not picked up, 12 months for picked-up cases, 18 months after closing). Open cases are "
        "never deleted. Every purge is logged with counts and the deleted ids, never their content; the "
        "dashboard's figures keep the counts. Run it nightly (cron or a systemd timer); with --queue it goes "
        "to the 'purges' task queue. Exit code 0, or 1 for an unknown municipality code."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--municipality", metavar="CODE", help="Only this municipality (its code).")
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, help="Purge as of this day (YYYY-MM-DD); default today."
        )
        parser.add_argument("--dry-run", action="store_true", help="Only count what would be deleted.")
        parser.add_argument("--queue", action="store_true", help="Put the purge on the task queue.")

    def handle(self, *_args: Any, **options: Any) -> None:
        if options["queue"]:
            result = purge_expired_task.enqueue()
            self.stdout.write(_("Queued as task %(id)s.") % {"id": result.id})
            return
        today = options["today"] or timezone.localdate()
        municipalities = Municipality.objects.order_by("name")
        if options["municipality"]:
            municipalities = municipalities.filter(code=options["municipality"])
            if not municipalities.exists():
                raise CommandError(
                    _("No municipality with code %(code)s.") % {"code": options["municipality"]}
                )
        chosen = list(municipalities)
        quiet = options["verbosity"] == 0
        for municipality in tqdm(chosen, unit="gemeente", disable=quiet or len(chosen) < 2):
            run = purge_expired(
                municipality=municipality, today=today, dry_run=options["dry_run"], by="command"
            )
            if not quiet:
                counts = ", ".join(f"{key} {value}" for key, value in run.counts.items())
                self.stdout.write(f"{municipality.name}: {counts}")
        rejected = purge_rejected_rows(today=today, dry_run=options["dry_run"])
        if not quiet:
            self.stdout.write(_("Rejected rows: %(count)d.") % {"count": rejected})
