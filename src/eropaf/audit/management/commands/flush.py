"""``eropaf flush``: Django's flush, which on SQLite lifts the audit trail's triggers for its own
transaction.

Django's flush empties SQLite tables with ``DELETE FROM``, which the append-only triggers refuse;
tests with ``django_db(transaction=True)`` and ``eropaf demo`` flush. On PostgreSQL flush uses
TRUNCATE, which the row triggers leave alone, so nothing changes there.
"""

from typing import Any

from django.core.management.commands import flush
from django.db import connections

from eropaf.audit.immutability import lifted_guards


class Command(flush.Command):
    help = (
        "Remove ALL rows from the database, the audit trail included (Django's flush). On SQLite the "
        "audit trail's append-only triggers are dropped and created again within the same transaction."
    )

    def handle(self, **options: Any) -> None:
        with lifted_guards(connections[options["database"]]):
            super().handle(**options)
