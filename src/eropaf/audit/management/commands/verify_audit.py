"""``eropaf verify_audit``: check the audit trail's hash chain and its append-only triggers."""

from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import gettext as _

from eropaf.audit.immutability import install_guards
from eropaf.audit.sealing import verify_chain

CHAIN_BROKEN = 1
GUARDS_MISSING = 2


def _anchor(value: str) -> tuple[int, str]:
    sequence, separator, chain = value.partition(":")
    if not separator or not sequence.isdigit() or len(chain) != 64:
        raise ArgumentTypeError(_("Give SEQUENCE:HASH, as seal_audit printed it."))
    return int(sequence), chain.lower()


class Command(BaseCommand):
    help = (
        "Walk the audit trail's hash chain from the first link and report the first one that does not "
        "hold (an event changed after sealing, a link changed, removed or out of order), and check that "
        "the database's append-only triggers are in place. --expect SEQUENCE:HASH compares a link with "
        "a head kept outside the database. Exit code 0 when all holds, 1 for a broken chain, 2 when "
        "triggers are missing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--expect",
            type=_anchor,
            action="append",
            default=[],
            metavar="SEQUENCE:HASH",
            help="A head seal_audit printed earlier; may be given more than once.",
        )
        parser.add_argument(
            "--install-guards",
            action="store_true",
            help="First create the append-only triggers again (needs a role that owns the tables).",
        )

    def handle(self, *_args: Any, **options: Any) -> None:
        if options["install_guards"]:
            install_guards(connections[DEFAULT_DB_ALIAS])
        verdict = verify_chain(expect=dict(options["expect"]))
        self.stdout.write(
            _("%(sealed)d events sealed, %(unsealed)d not sealed yet. Head: %(sequence)d %(hash)s")
            % {
                "sealed": verdict.sealed,
                "unsealed": verdict.unsealed,
                "sequence": verdict.head.sequence,
                "hash": verdict.head.chain_hash,
            }
        )
        if not verdict.chain_intact:
            self.stderr.write(
                _("The chain is broken at link %(sequence)d: %(problem)s")
                % {"sequence": verdict.broken_at, "problem": verdict.problem}
            )
            raise SystemExit(CHAIN_BROKEN)
        if not verdict.guarded:
            self.stderr.write(
                _(
                    "Only %(installed)d of the %(expected)d append-only triggers are in place: the trail "
                    "can be changed. Run 'eropaf verify_audit --install-guards' (docs/audit.md)."
                )
                % {"installed": verdict.guards_installed, "expected": verdict.guards_expected}
            )
            raise SystemExit(GUARDS_MISSING)
        self.stdout.write(_("The chain holds and the trail is append-only."))
