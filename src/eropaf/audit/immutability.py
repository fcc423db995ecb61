"""The database refuses UPDATE and DELETE of audit rows: row-level BEFORE triggers on PostgreSQL and
SQLite, installed by migration 0002 (ADR 0014).

TRUNCATE stays possible on PostgreSQL (Django's flush uses it); in production the application's
role neither owns these tables nor has TRUNCATE on them (docs/audit.md gives the grants). SQLite's
flush deletes row by row, so the project's ``flush`` command lifts the SQLite triggers for its own
transaction only (``lifted_guards``).
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

GUARDED_TABLES = ("audit_auditevent", "audit_auditsubject", "audit_auditseal")
REFUSAL = "the audit trail is append-only"

_PG_FUNCTION = "audit_refuse_change"


def _postgresql_install() -> list[str]:
    statements = [
        f"""
        CREATE OR REPLACE FUNCTION {_PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{REFUSAL}: % on % refused', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'restrict_violation';
        END
        $$
        """
    ]
    for table in GUARDED_TABLES:
        statements += [
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            (
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {_PG_FUNCTION}()"
            ),
        ]
    return statements


def _postgresql_remove() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}" for table in GUARDED_TABLES] + [
        f"DROP FUNCTION IF EXISTS {_PG_FUNCTION}()"
    ]


def _sqlite_trigger_names() -> list[tuple[str, str, str]]:
    return [
        (f"{table}_no_{operation.lower()}", operation, table)
        for table in GUARDED_TABLES
        for operation in ("UPDATE", "DELETE")
    ]


def _sqlite_install() -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}: {operation} on {table} refused'); END"
        for name, operation, table in _sqlite_trigger_names()
    ]


def _sqlite_remove() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name, _operation, _table in _sqlite_trigger_names()]


def _run(connection: BaseDatabaseWrapper, statements: list[str]) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install_guards(connection: BaseDatabaseWrapper) -> None:
    """Create the triggers (again); other databases than PostgreSQL and SQLite get none."""
    if connection.vendor == "postgresql":
        _run(connection, _postgresql_install())
    elif connection.vendor == "sqlite":
        _run(connection, _sqlite_install())


def remove_guards(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        _run(connection, _postgresql_remove())
    elif connection.vendor == "sqlite":
        _run(connection, _sqlite_remove())


def expected_guard_count(connection: BaseDatabaseWrapper) -> int:
    if connection.vendor == "postgresql":
        return len(GUARDED_TABLES)
    if connection.vendor == "sqlite":
        return len(_sqlite_trigger_names())
    return 0


def installed_guard_count(connection: BaseDatabaseWrapper) -> int:
    """How many of the triggers exist. A table rebuilt by a later SQLite migration (which copies the
    rows into a new table) loses its triggers: ``eropaf verify_audit`` reports that."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM pg_trigger "
                "WHERE NOT tgisinternal AND tgenabled <> 'D' AND tgname = ANY(%s)",
                [[f"{table}_append_only" for table in GUARDED_TABLES]],
            )
        elif connection.vendor == "sqlite":
            names = [name for name, _operation, _table in _sqlite_trigger_names()]
            placeholders = ", ".join(["%s"] * len(names))
            cursor.execute(
                f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ({placeholders})",  # noqa: S608
                names,
            )
        else:
            return 0
        row = cursor.fetchone()
    return int(row[0]) if row else 0


@contextmanager
def lifted_guards(connection: BaseDatabaseWrapper) -> Iterator[None]:
    """SQLite only: drop the triggers, run the block, create them again — all in one transaction,
    so no other connection ever sees the tables unguarded and a failure restores them."""
    if connection.vendor != "sqlite":
        yield
        return
    with transaction.atomic(using=connection.alias):
        present = installed_guard_count(connection) > 0
        if present:
            _run(connection, _sqlite_remove())
        yield
        if present:
            _run(connection, _sqlite_install())
