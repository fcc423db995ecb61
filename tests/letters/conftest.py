"""Fixtures of the letters tests: the shipped default texts, a sender, and PDFs in a temporary folder."""

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from pytest_django import Settings

from eropaf.accounts.models import Team
from eropaf.letters.models import LetterSender
from eropaf.organisations.models import Municipality
from tests.factories import MunicipalityFactory, TeamFactory

# The tests run without migrations; the data migration's own function installs the defaults.
default_templates_migration = importlib.import_module("eropaf.letters.migrations.0002_default_templates")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def default_templates(db: None) -> None:
    default_templates_migration.install_default_templates(apps, None)


@pytest.fixture
def make_sender(db: None) -> Callable[[Municipality], LetterSender]:
    def make(municipality: Municipality) -> LetterSender:
        return LetterSender.objects.create(
            municipality=municipality, department="Team Vroegsignalering", phone="14 071", email=""
        )

    return make


CONTACT_REQUEST = [{"kind": "letter", "letter_kind": "contactverzoek"}, {"kind": "phone", "letter_kind": ""}]
"""A contact plan that starts with the letter "offer and request for contact"."""


@pytest.fixture
def team(make_sender: Callable[[Municipality], LetterSender]) -> Team:
    """A team of Oost Gelre, whose letters have a sender."""
    team = TeamFactory.create(municipality=MunicipalityFactory.create(code="1859", name="Oost Gelre"))
    make_sender(team.municipality)
    return team
