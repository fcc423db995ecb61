"""``eropaf demo``: build the demo region in the configured database and serve it."""

import datetime as dt
import io
import json
import time
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext
from tqdm import tqdm

from eropaf.demo.builder import BUILD_STEPS, DEFAULT_SEED, build_demo
from eropaf.demo.output import RawStream, counts_line, login_table, summary_as_json


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise ArgumentTypeError(f"{text!r} is not a date in the form YYYY-MM-DD") from error


class Command(BaseCommand):
    help = (
        "Build the demo region from scratch: Dordrecht, Zwijndrecht and Papendrecht with their partners, "
        "teams, logins and twelve months of synthetic signals, cases and contact attempts. Removes ALL "
        "existing data in the configured database first. Prints the demo logins, then serves the site "
        "unless --no-serve is given."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="same seed, same data (default: %(default)s)"
        )
        parser.add_argument(
            "--today",
            type=iso_date,
            default=None,
            help="reference date YYYY-MM-DD; the twelve months end with its month (default: today)",
        )
        parser.add_argument("--no-serve", action="store_true", help="build only, do not start the web server")
        parser.add_argument(
            "--json",
            action="store_true",
            help="print one JSON object (municipalities, partners, users) on stdout and nothing else",
        )
        parser.add_argument(
            "--addrport", default="127.0.0.1:8000", help="where to serve (default: %(default)s)"
        )

    def handle(self, *_args: Any, **options: Any) -> None:
        if getattr(settings, "ENVIRONMENT", "development") == "production":
            raise CommandError(gettext("The demo wipes the database and never runs in production."))
        as_json: bool = options["json"]
        today: dt.date = options["today"] or timezone.localdate()
        verbosity: int = options["verbosity"]

        call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
        started = time.monotonic()
        with tqdm(
            total=BUILD_STEPS,
            file=RawStream(self.stderr),
            disable=verbosity == 0,
            leave=False,
            bar_format="{desc:<28} {bar} {n_fmt}/{total_fmt}",
        ) as bar:
            summary = build_demo(seed=options["seed"], today=today, progress=bar)
        seconds = time.monotonic() - started

        if as_json:
            self.stdout.write(json.dumps(summary_as_json(summary), ensure_ascii=False))
        else:
            self.stdout.write(
                gettext("Demo region built in %(seconds).1f s (seed %(seed)s).")
                % {"seconds": seconds, "seed": options["seed"]}
            )
            self.stdout.write(counts_line(summary))
            self.stdout.write("")
            self.stdout.write(login_table(summary))
            self.stdout.write("")
        if options["no_serve"]:
            return
        if not as_json:
            self.stdout.write(
                gettext("Open http://%(addrport)s/ and log in.") % {"addrport": options["addrport"]}
            )
        # With --json the server's own messages go to stderr, so stdout stays one JSON object.
        call_command(
            "runserver",
            options["addrport"],
            use_reloader=False,
            stdout=self.stderr if as_json else self.stdout,
        )
