"""One demo build per test module: building takes seconds, the assertions only read it."""

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction
from django.test import override_settings
from pytest_django import DjangoDbBlocker

from eropaf.demo.builder import DemoSummary, build_demo

SEED = 7
TODAY = dt.date(2026, 6, 15)
FAST_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[DemoSummary]:
    """The demo region built with a fixed seed and reference date, rolled back after the module."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        yield build_demo(seed=SEED, today=TODAY)
        transaction.set_rollback(True)
