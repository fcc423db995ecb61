"""``eropaf import_debt_clients``: replace a municipality's debt-services client list from a CSV file."""

import json
import textwrap
from argparse import ArgumentParser, RawDescriptionHelpFormatter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from eropaf.core.commands import EXIT_REFUSED, read_input_file
from eropaf.integrations.debt_services import ClientListRefused
from eropaf.matching.debt_services import ClientListImport, import_client_list
from eropaf.organisations.models import Municipality

MAX_ERRORS_SHOWN = 50
_HELP = (
    (
        "Replace a municipality's list of current debt-services clients with the CSV file the "
        "debt-services system exports. Residents on the list are not approached again by early detection."
    ),
    (
        "The file: UTF-8 (with or without BOM) or Windows-1252, separated by ';' or ',', with a header "
        "row. Columns, in any case and order (others are ignored): bsn, achternaam, voorvoegsel "
        "(optional), geboortedatum (YYYY-MM-DD or DD-MM-YYYY), postcode, huisnummer. A row needs a BSN "
        "that passes the elfproef, or achternaam, geboortedatum, postcode and huisnummer together; other "
        "rows are left out and listed (at most 50 on screen, all with --json)."
    ),
    (
        "Exit code 0 when the list was replaced, also with rows left out; 2 when the file was refused as "
        "a whole or the municipality does not exist (the reason goes to stderr; the list stays as it was)."
    ),
)


def import_as_json(result: ClientListImport) -> dict[str, Any]:
    return {
        "municipality": result.municipality_code,
        "imported": result.imported,
        "replaced": result.replaced,
        "rejected": result.rejected,
        "imported_at": result.imported_at.isoformat(),
        "rejected_rows": [{"row_number": row.row_number, "message": row.message} for row in result.errors],
    }


class Command(BaseCommand):
    help = "\n\n".join(textwrap.fill(paragraph, width=79) for paragraph in _HELP)

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        """Keeps the paragraphs of the help apart."""
        kwargs.setdefault("formatter_class", RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--municipality", required=True, help="the municipality's CBS code, e.g. 0505")
        parser.add_argument("--json", action="store_true", help="print one JSON object with the result")
        parser.add_argument("file", type=Path, help="the client list (CSV)")

    def handle(self, *_args: Any, **options: Any) -> None:
        municipality = Municipality.objects.filter(code=options["municipality"]).first()
        if municipality is None:
            raise CommandError(
                _("There is no municipality with code %(code)s.") % {"code": options["municipality"]},
                returncode=EXIT_REFUSED,
            )
        path: Path = options["file"]
        content = read_input_file(path)
        try:
            result = import_client_list(
                municipality=municipality, content=content, actor_label="command line"
            )
        except ClientListRefused as refusal:
            raise CommandError(refusal.message, returncode=EXIT_REFUSED) from refusal
        if options["json"]:
            self.stdout.write(json.dumps(import_as_json(result), ensure_ascii=False))
            return
        self._print_summary(municipality, result)

    def _print_summary(self, municipality: Municipality, result: ClientListImport) -> None:
        self.stdout.write(
            _(
                "Debt-services client list of %(name)s (%(code)s) replaced: %(imported)s clients imported, "
                "%(rejected)s rows left out; the previous list held %(replaced)s clients."
            )
            % {
                "name": municipality.name,
                "code": municipality.code,
                "imported": result.imported,
                "rejected": result.rejected,
                "replaced": result.replaced,
            }
        )
        for row in result.errors[:MAX_ERRORS_SHOWN]:
            self.stdout.write(f"  {row.message}")
        hidden = result.rejected - MAX_ERRORS_SHOWN
        if hidden > 0:
            self.stdout.write(
                "  " + _("… and %(count)s more rows left out (--json lists them all).") % {"count": hidden}
            )
