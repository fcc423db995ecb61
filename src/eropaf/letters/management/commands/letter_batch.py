"""``eropaf letter_batch``: the monthly letters of one kind for one municipality, with a progress bar."""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from eropaf.core.commands import EXIT_REFUSED
from eropaf.core.errors import ApplicationError
from eropaf.core.periods import format_period, parse_period
from eropaf.letters.batches import active_batch, create_letter_batch, run_letter_batch
from eropaf.letters.kinds import CARD_KINDS, LetterKind
from eropaf.letters.models import BatchStatus, LetterBatch
from eropaf.organisations.models import Municipality

EXIT_FAILED = 1
BATCH_KINDS = [kind.value for kind in LetterKind if kind not in CARD_KINDS]


class Command(BaseCommand):
    help = (
        "Make the letters of one kind for one month of a municipality: one PDF per queued case whose "
        "contact plan starts with that letter, each counted as a contact attempt and audited. Safe to run "
        "again: cases that already have a letter of that kind are skipped, and an unfinished batch goes on "
        "where it stopped. Exit code 0 when the batch finished; 1 when it stopped (run it again); 2 when "
        "the municipality, period or kind is wrong, or no template or sender is filled in."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--municipality", required=True, help="the municipality's CBS code, e.g. 0546")
        parser.add_argument("--period", required=True, help="matching period YYYY-MM")
        parser.add_argument("--kind", required=True, choices=BATCH_KINDS, help="the letter kind")
        parser.add_argument("--json", action="store_true", help="print one JSON object with the counts")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    def handle(self, *_args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                _("There is no municipality with code %(code)s.") % {"code": options["municipality"]},
                returncode=EXIT_REFUSED,
            )
        try:
            period = parse_period(options["period"])
        except ValueError as error:
            raise CommandError(str(error), returncode=EXIT_REFUSED) from error
        kind = LetterKind(options["kind"])
        try:
            batch = active_batch(municipality=municipality, period=period, kind=kind) or create_letter_batch(
                municipality=municipality, period=period, kind=kind, started_by=None
            )
        except ApplicationError as error:
            raise CommandError(error.message, returncode=EXIT_REFUSED) from error
        bar = tqdm(total=0, unit=_("letter"), disable=options["no_progress"], leave=False)
        try:
            batch = run_letter_batch(batch.pk, on_progress=lambda done, total: _show(bar, done, total))
        except ApplicationError as error:
            raise CommandError(error.message, returncode=EXIT_REFUSED) from error
        except Exception:  # noqa: BLE001 — the batch recorded why; the message tells what to do
            stopped = LetterBatch.objects.get(pk=batch.pk)
            raise CommandError(stopped.message, returncode=EXIT_FAILED) from None
        finally:
            bar.close()
        self._report(batch, as_json=options["json"])
        if batch.status != BatchStatus.DONE:
            raise CommandError(batch.message, returncode=EXIT_FAILED)

    def _report(self, batch: LetterBatch, *, as_json: bool) -> None:
        if as_json:
            summary = {
                "batch_id": batch.pk,
                "municipality": batch.municipality.code,
                "period": format_period(batch.period),
                "kind": batch.kind,
                "status": batch.status,
                "done": batch.done,
                "total": batch.total,
                "message": batch.message,
            }
            self.stdout.write(json.dumps(summary, ensure_ascii=False))
        else:
            self.stdout.write(
                _("Letter batch #%(number)s (%(kind)s, %(period)s, %(municipality)s): %(message)s")
                % {
                    "number": batch.pk,
                    "kind": batch.get_kind_display(),
                    "period": format_period(batch.period),
                    "municipality": batch.municipality.name,
                    "message": batch.message,
                }
            )


def _show(bar: "tqdm[Any]", done: int, total: int) -> None:
    if bar.total != total:
        bar.reset(total=total)
    bar.n = done
    bar.refresh()
