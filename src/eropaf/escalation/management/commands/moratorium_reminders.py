"""``eropaf moratorium_reminders``: remind team leads of moratoria that end within two weeks."""

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eropaf.escalation.moratoria import REMINDER_DAYS, send_moratorium_reminders
from eropaf.escalation.tasks import moratorium_reminders_task


class Command(BaseCommand):
    help = (
        f"E-mail the team leads of the responsible team once per granted moratorium that ends within "
        f"{REMINDER_DAYS} days. Run it daily (cron or a systemd timer); with --queue it is put on the "
        "task queue for a worker instead. The message holds a link, no personal data. Exit code 0."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--today", type=dt.date.fromisoformat, help="The day to remind for (YYYY-MM-DD); default today."
        )
        parser.add_argument("--queue", action="store_true", help="Put the work on the task queue.")

    def handle(self, *_args: Any, **options: Any) -> None:
        if options["queue"]:
            result = moratorium_reminders_task.enqueue()
            self.stdout.write(_("Queued as task %(id)s.") % {"id": result.id})
            return
        count = send_moratorium_reminders(today=options["today"] or timezone.localdate())
        self.stdout.write(
            ngettext("%(count)s moratorium reminded of.", "%(count)s moratoria reminded of.", count)
            % {"count": count}
        )
