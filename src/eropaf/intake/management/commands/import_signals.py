"""``eropaf import_signals``: process one partner delivery file from the command line."""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from eropaf.core.commands import EXIT_REFUSED, StageBar, read_input_file
from eropaf.core.periods import format_period, parse_period
from eropaf.core.vocabularies import DeliveryChannel
from eropaf.intake.importing import DeliverySource, import_delivery
from eropaf.intake.reading import DeliveryRefused
from eropaf.intake.reports import DeliveryReport
from eropaf.organisations.models import Partner


def report_as_json(report: DeliveryReport) -> dict[str, Any]:
    return {
        "delivery_id": report.delivery_id,
        "period": format_period(report.period),
        "already_delivered": report.already_delivered,
        "received": report.received,
        "accepted": report.accepted,
        "rejected": report.rejected,
        "duplicate": report.duplicate,
        "warnings": report.warnings,
        "per_municipality": [
            {"code": item.code, "name": item.name, "accepted": item.accepted}
            for item in report.per_municipality
        ],
        "rejected_rows": [
            {"row_number": row.row_number, "field": row.field, "code": row.code, "message": row.message}
            for row in report.rejected_rows
        ],
    }


class Command(BaseCommand):
    help = (
        "Process a partner's delivery file (CSV or XLSX, signal delivery format version 1) exactly as "
        "a portal upload: every row is accepted, rejected (kept with a message) or a duplicate. "
        "Exit code 0 when the file was processed, also with rejected rows; 2 when the file was refused "
        "as a whole (the reason goes to stderr) or the partner does not exist."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--partner", required=True, help="the partner's code, e.g. woongoed")
        parser.add_argument(
            "--period",
            help="matching period YYYY-MM; default: the month of delivery, or the next month after "
            "the cut-off day. An administrator may name a closed period here.",
        )
        parser.add_argument("--json", action="store_true", help="print one JSON object with the report")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
        parser.add_argument("file", type=Path, help="the delivery file")

    def handle(self, *_args: Any, **options: Any) -> None:
        partner = Partner.objects.filter(code=options["partner"]).first()
        if partner is None:
            raise CommandError(
                _("There is no partner with code %(code)s.") % {"code": options["partner"]},
                returncode=EXIT_REFUSED,
            )
        path: Path = options["file"]
        data = read_input_file(path)
        try:
            period = parse_period(options["period"]) if options["period"] else None
        except ValueError as error:
            raise CommandError(str(error), returncode=EXIT_REFUSED) from error
        bar = StageBar(enabled=not options["no_progress"], unit=" rijen")
        try:
            report = import_delivery(
                partner=partner,
                source=DeliverySource.from_file(data, path.name),
                channel=DeliveryChannel.COMMAND_LINE,
                period=period,
                may_name_closed_period=True,
                progress=bar,
            )
        except DeliveryRefused as refusal:
            raise CommandError(refusal.message, returncode=EXIT_REFUSED) from refusal
        finally:
            bar.close()
        if options["json"]:
            self.stdout.write(json.dumps(report_as_json(report), ensure_ascii=False))
            return
        self._print_summary(report)

    def _print_summary(self, report: DeliveryReport) -> None:
        if report.already_delivered:
            self.stdout.write(
                _("This file was delivered before (delivery %(id)s); nothing new was stored.")
                % {"id": report.delivery_id}
            )
        self.stdout.write(
            _(
                "Delivery %(id)s for period %(period)s: %(received)s rows received, %(accepted)s accepted, "
                "%(rejected)s rejected, %(duplicate)s duplicates."
            )
            % {
                "id": report.delivery_id,
                "period": format_period(report.period),
                "received": report.received,
                "accepted": report.accepted,
                "rejected": report.rejected,
                "duplicate": report.duplicate,
            }
        )
        for item in report.per_municipality:
            self.stdout.write(f"  {item.name} ({item.code}): {item.accepted}")
        for warning in report.warnings:
            self.stdout.write(_("Warning: %(warning)s") % {"warning": warning})
        for row in report.rejected_rows:
            self.stdout.write(
                _("Row %(row)s, %(field)s: %(message)s")
                % {"row": row.row_number, "field": row.field, "message": row.message}
            )
