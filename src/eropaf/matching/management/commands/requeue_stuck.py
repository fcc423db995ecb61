"""``eropaf requeue_stuck``: queue again the uploads, matching runs and letter batches whose worker died.

It lives in the matching app because matching is the highest of the three apps in the layer order,
so it may call the intake and letters services as well as its own.
"""

import datetime as dt
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import gettext as _

from eropaf.core.stuck import STALE_AFTER
from eropaf.intake.services import requeue_stuck_uploads
from eropaf.letters.batches import requeue_stuck_batches
from eropaf.matching.services import requeue_stuck_runs


class Command(BaseCommand):
    help = (
        "Queue again the uploads, matching runs and letter batches that still say 'running' but have "
        "not written progress for --stale-after minutes: their worker was killed (out of memory, a "
        "restart, kill -9) and nothing else picks them up. Every job is safe to run again: an upload "
        "starts over, a matching run keeps what it stored, a letter batch goes on where it stopped. "
        "Their lost task results are marked failed. Run it from cron every few minutes. Exit code 0."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--stale-after",
            type=float,
            default=STALE_AFTER.total_seconds() / 60,
            help="minutes without progress after which a running job counts as stuck (default: %(default)s)",
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object with the ids")

    def handle(self, *_args: Any, **options: Any) -> None:
        stale_before = timezone.now() - dt.timedelta(minutes=max(0.0, options["stale_after"]))
        requeued = {
            "uploads": requeue_stuck_uploads(stale_before=stale_before),
            "matching_runs": requeue_stuck_runs(stale_before=stale_before),
            "letter_batches": requeue_stuck_batches(stale_before=stale_before),
        }
        if options["json"]:
            self.stdout.write(json.dumps(requeued))
            return
        self.stdout.write(
            _("Queued again: %(uploads)s uploads, %(runs)s matching runs, %(batches)s letter batches.")
            % {
                "uploads": len(requeued["uploads"]),
                "runs": len(requeued["matching_runs"]),
                "batches": len(requeued["letter_batches"]),
            }
        )
