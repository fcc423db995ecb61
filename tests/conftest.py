"""Shared fixtures. Browser fixtures live in tests/browser/conftest.py."""

import pytest
from hypothesis import settings as hypothesis_settings
from pytest_django import Settings

# No per-example deadline: CI shares a 2-core machine, and a first Polars call or a busy database can
# take longer than Hypothesis's 200 ms without anything being wrong. Speed is measured in make bench.
hypothesis_settings.register_profile("eropaf", deadline=None)
hypothesis_settings.load_profile("eropaf")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Settings) -> None:
    """PBKDF2 with its production work factor makes every user in a test cost ~0.3 s; tests only
    need *a* hash. The production hashers stay listed so their hashes still verify."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Letters and other stored files go to a temporary folder, never into var/media."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
