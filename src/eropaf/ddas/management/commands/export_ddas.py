"""``eropaf export_ddas``: write one municipality's DDAS delivery for CBS to a file."""

import datetime as dt
import getpass
import json
import os
import tempfile
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from eropaf.core.commands import EXIT_REFUSED, StageBar
from eropaf.core.periods import format_period, period_of, shift_months
from eropaf.ddas.services import export_delivery
from eropaf.organisations.models import Municipality


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(
            _("%(text)s is not a date of the form YYYY-MM-DD.") % {"text": text}, returncode=EXIT_REFUSED
        ) from error


def _who() -> str:
    try:
        return f"opdrachtregel:{getpass.getuser()}"
    except (OSError, KeyError):
        return "opdrachtregel"


class Command(BaseCommand):
    help = (
        "Write the DDAS Vroegsignalering v1.2 delivery (the CBS Uitwisselmodel, JSON) of one municipality: "
        "every signal, case and contact attempt of the matching periods (months) whose first day lies "
        "between --from and --to, with the BSN where known and otherwise postcode, house number and "
        "birth date. The export is audited. Progress goes to stderr. Exit code 0 when the file was "
        "written; 2 when the municipality does not exist, a date is wrong or the file cannot be written."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--municipality", required=True, help="the CBS municipality code, e.g. 0505")
        parser.add_argument("--from", dest="start", required=True, help="first day of the period, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="last day of the period, YYYY-MM-DD")
        parser.add_argument("--output", required=True, type=Path, help="the JSON file to write")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    def handle(self, *_args: Any, **options: Any) -> None:
        start, end = _date(options["start"]), _date(options["end"])
        if end < start:
            raise CommandError(_("--to lies before --from."), returncode=EXIT_REFUSED)
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                _("There is no municipality with code %(code)s.") % {"code": options["municipality"]},
                returncode=EXIT_REFUSED,
            )
        self._say_which_months(start, end)
        output: Path = options["output"]
        try:
            handle, temporary = tempfile.mkstemp(prefix=".ddas-", suffix=".json", dir=output.parent)
        except OSError as error:
            raise CommandError(
                _("Cannot write to %(path)s: %(error)s") % {"path": output, "error": error.strerror},
                returncode=EXIT_REFUSED,
            ) from error
        bar = StageBar(enabled=not options["no_progress"], unit=" signalen")
        try:
            with os.fdopen(handle, "wb") as file:
                export = export_delivery(
                    municipality=municipality, start=start, end=end, exported_by=_who(), progress=bar
                )
                file.write(json.dumps(export.document, ensure_ascii=False, separators=(",", ":")).encode())
            Path(temporary).replace(output)
        except OSError as error:
            Path(temporary).unlink(missing_ok=True)
            raise CommandError(
                _("Cannot write to %(path)s: %(error)s") % {"path": output, "error": error.strerror},
                returncode=EXIT_REFUSED,
            ) from error
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        finally:
            bar.close()
        self.stdout.write(
            _(
                "Wrote %(signals)s signals, %(cases)s cases and %(attempts)s contact attempts of "
                "%(municipality)s to %(path)s."
            )
            % {
                "signals": len(export.signal_ids),
                "cases": len(export.case_ids),
                "attempts": export.attempt_count,
                "municipality": municipality,
                "path": output,
            }
        )

    def _say_which_months(self, start: dt.date, end: dt.date) -> None:
        first = period_of(start) if start.day == 1 else shift_months(period_of(start), 1)
        last = period_of(end)
        if first > last:
            self.stderr.write(
                _("No matching period starts between %(start)s and %(end)s: the delivery is empty.")
                % {"start": start.isoformat(), "end": end.isoformat()}
            )
            return
        self.stderr.write(
            _("Matching periods %(first)s to %(last)s.")
            % {"first": format_period(first), "last": format_period(last)}
        )
