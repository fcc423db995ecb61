"""The append-only triggers for the tests that need them.

The suite builds its test database without migrations (``--no-migrations``), so the triggers that
migration 0002 installs are not there; ``append_only`` installs them with the same code."""

from collections.abc import Iterator

import pytest
from django.db import connection
from pytest_django import DjangoDbBlocker

from eropaf.audit.immutability import install_guards, remove_guards


@pytest.fixture
def append_only(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    with django_db_blocker.unblock():
        install_guards(connection)
    yield
    with django_db_blocker.unblock():
        remove_guards(connection)
