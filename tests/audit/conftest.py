"""The append-only triggers, as the tests here need them.

The suite builds its test database without migrations (``--no-migrations``); ``tests/conftest.py``
installs the triggers that migration 0002 installs, with the same code, for every test. The tests
here that play a database owner going around them lift them inside their own transaction, which
puts them back when the test's transaction rolls back."""

import pytest
from django.db import connection
from pytest_django import DjangoDbBlocker

from eropaf.audit.immutability import install_guards, remove_guards


@pytest.fixture
def append_only(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    """The triggers, whatever an earlier test did (installing them again changes nothing)."""
    with django_db_blocker.unblock():
        install_guards(connection)


@pytest.fixture
def without_guards(db: None) -> None:
    """No triggers for this test: dropped inside the test's transaction, so back afterwards."""
    remove_guards(connection)
