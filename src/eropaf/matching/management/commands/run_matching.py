"""``eropaf run_matching``: the monthly matching of one municipality from the command line."""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from eropaf.core.commands import EXIT_REFUSED, StageBar
from eropaf.core.periods import format_period, parse_period
from eropaf.matching.models import MatchingRun, RunStatus
from eropaf.matching.services import RunAlreadyActive, run_matching
from eropaf.organisations.models import Municipality

EXIT_FAILED = 1


def run_as_json(run: MatchingRun) -> dict[str, Any]:
    return {
        "run_id": run.pk,
        "municipality": run.municipality.code,
        "period": format_period(run.period),
        "status": run.status,
        "message": run.message,
        **run.counts,
    }


class Command(BaseCommand):
    help = (
        "Match one month of a municipality's signals into cases, one per address, classify them "
        "from the history (single, multiple, consecutive, rising, persistent, repeat, end of supply, "
        "crisis, withdrawn), check the persons in the BRP and against the debt-services client list. "
        "Safe to run again after a late delivery: new signals join their existing case, only new "
        "households get a new case, and work recorded on a case is kept. Exit code 0 when the run "
        "finished; 1 when it failed (run it again: what it stored is kept); 2 when the municipality "
        "or period is wrong or another run of that month is still busy."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--municipality", required=True, help="the municipality's CBS code, e.g. 0505")
        parser.add_argument("--period", required=True, help="matching period YYYY-MM")
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
        bar = StageBar(enabled=not options["no_progress"])
        try:
            run = run_matching(
                municipality=municipality, period=period, label="command line", on_progress=bar
            )
        except RunAlreadyActive as error:
            raise CommandError(error.message, returncode=EXIT_REFUSED) from error
        except Exception:  # noqa: BLE001 — the run recorded why; the message tells what to do
            failed = MatchingRun.objects.filter(municipality=municipality, period=period).first()
            raise CommandError(failed.message if failed else "", returncode=EXIT_FAILED) from None
        finally:
            bar.close()
        if options["json"]:
            self.stdout.write(json.dumps(run_as_json(run), ensure_ascii=False))
        else:
            self._print_summary(run)
        if run.status != RunStatus.DONE:
            raise CommandError(run.message, returncode=EXIT_FAILED)

    def _print_summary(self, run: MatchingRun) -> None:
        counts = run.counts
        self.stdout.write(
            _(
                "Matching %(period)s of %(name)s: %(signals)s signals, %(created)s cases created, "
                "%(updated)s cases updated."
            )
            % {
                "period": format_period(run.period),
                "name": run.municipality.name,
                "signals": counts.get("signals", 0),
                "created": counts.get("cases_created", 0),
                "updated": counts.get("cases_updated", 0),
            }
        )
        for name, number in dict(counts.get("classes", {})).items():
            self.stdout.write(f"  {name}: {number}")
        for name, number in dict(counts.get("decisions", {})).items():
            self.stdout.write(f"  → {name}: {number}")
