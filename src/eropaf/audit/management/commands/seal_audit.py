"""``eropaf seal_audit``: add the events recorded since the last run to the audit trail's hash chain."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eropaf.audit.sealing import seal_events
from eropaf.audit.tasks import seal_audit_task


class Command(BaseCommand):
    help = (
        "Seal the audit events that have no seal yet, in id order: each gets the SHA-256 of its content "
        "and of the previous link (the hash chain that verify_audit checks). Run it every few minutes "
        "(cron or a systemd timer) and keep the head it prints outside the database. With --queue the "
        "work is put on the task queue. Exit code 0, or 1 when another seal_audit ran at the same time "
        "(nothing of this run is kept; run it again)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--queue", action="store_true", help="Put the work on the task queue.")

    def handle(self, *_args: Any, **options: Any) -> None:
        if options["queue"]:
            result = seal_audit_task.enqueue()
            self.stdout.write(_("Queued as task %(id)s.") % {"id": result.id})
            return
        try:
            sealed, head = seal_events()
        except IntegrityError as error:
            raise CommandError(_("Another seal_audit was sealing at the same time; run it again.")) from error
        self.stdout.write(
            ngettext("%(count)d audit event sealed.", "%(count)d audit events sealed.", sealed)
            % {"count": sealed}
        )
        self.stdout.write(
            _("Head: %(sequence)d %(hash)s") % {"sequence": head.sequence, "hash": head.chain_hash}
        )
