"""Shared fixtures. Browser fixtures live in tests/browser/conftest.py."""

import pytest
from django.db import connection
from hypothesis import settings as hypothesis_settings
from pytest_django import DjangoDbBlocker, Settings

from eropaf.audit.immutability import install_guards

# No per-example deadline: CI shares a 2-core machine, and a first Polars call or a busy database can
# take longer than Hypothesis's 200 ms without anything being wrong. Speed is measured in make bench.
hypothesis_settings.register_profile("eropaf", deadline=None)
hypothesis_settings.load_profile("eropaf")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> None:
    """The test database as migrations build it in one respect that ``--no-migrations`` skips: the
    audit trail's append-only triggers (audit migration 0002). So every test would fail on a code
    path that changes or deletes an audit row, as production would refuse it."""
    with django_db_blocker.unblock():
        install_guards(connection)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    """PBKDF2 with its production work factor makes every user in a test cost ~0.3 s; tests only
    need *a* hash. The production hashers stay listed so their hashes still verify."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Letters and other stored files go to a temporary folder, never into var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
