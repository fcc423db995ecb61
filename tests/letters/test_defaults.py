"""The shipped default texts: one active national template for every kind, each one usable."""

import pytest
from django.apps import apps

from eropaf.letters.kinds import LetterKind
from eropaf.letters.models import LetterTemplate
from tests.letters.conftest import default_templates_migration

pytestmark = pytest.mark.django_db


def test_every_kind_has_an_active_national_default(default_templates: None) -> None:
    national = LetterTemplate.objects.filter(municipality=None, is_active=True)
    assert sorted(national.values_list("kind", flat=True)) == sorted(LetterKind.values)
    for template in national:
        template.full_clean()  # only known placeholders
        assert "{{ telefoon }}" in template.body


def test_installing_the_defaults_twice_adds_nothing(default_templates: None) -> None:
    default_templates_migration.install_default_templates(apps, None)
    assert LetterTemplate.objects.count() == len(LetterKind)


def test_the_yellow_card_is_urgent_and_the_not_at_home_card_calm(default_templates: None) -> None:
    yellow = LetterTemplate.objects.get(kind=LetterKind.YELLOW_CARD)
    calm = LetterTemplate.objects.get(kind=LetterKind.NOT_AT_HOME_CARD)
    assert yellow.title.startswith("Belangrijk")
    assert "zo snel mogelijk" in yellow.title
    assert "niet thuis" in calm.body
    assert "Belangrijk" not in calm.title
