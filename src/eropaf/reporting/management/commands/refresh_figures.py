"""``eropaf refresh_figures``: count the dashboard's figures again, for one or every municipality."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from eropaf.organisations.models import Municipality
from eropaf.reporting.figures import refresh_figures
from eropaf.reporting.tasks import refresh_figures_task


class Command(BaseCommand):
    help = (
        "Count the dashboard's figures (signals, cases, households per route, contact attempts, open "
        "cases) again for one municipality or all of them. Run it nightly (cron or a systemd timer); "
        "report pages also ask for a count in the background when the figures are older than "
        "REPORTING_FIGURES_MAX_AGE minutes or a matching run finished since. With --queue the counts are "
        "put on the task queue for a worker. Exit code 0, or 1 for an unknown municipality code."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--municipality", metavar="CODE", help="Only this municipality (its code).")
        parser.add_argument("--queue", action="store_true", help="Put the counts on the task queue.")

    def handle(self, *_args: Any, **options: Any) -> None:
        municipalities = Municipality.objects.order_by("name")
        if options["municipality"]:
            municipalities = municipalities.filter(code=options["municipality"])
            if not municipalities.exists():
                raise CommandError(
                    _("No municipality with code %(code)s.") % {"code": options["municipality"]}
                )
        chosen = list(municipalities)
        if options["queue"]:
            for municipality in chosen:
                refresh_figures_task.enqueue(municipality_id=municipality.pk)
            self.stdout.write(_("%(count)d counts queued.") % {"count": len(chosen)})
            return
        for municipality in tqdm(
            chosen, unit="gemeente", disable=len(chosen) < 2 or options["verbosity"] == 0
        ):
            seconds = refresh_figures(municipality_id=municipality.pk)
            if options["verbosity"] > 0:
                self.stdout.write(
                    _("%(name)s: figures counted in %(seconds).1f s.")
                    % {"name": municipality.name, "seconds": seconds}
                )
