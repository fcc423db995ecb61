"""Letter texts may only use the fixed placeholders; values are escaped; nothing else runs."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from eropaf.letters.kinds import LetterKind
from eropaf.letters.models import LetterTemplate
from eropaf.letters.placeholders import (
    PlaceholderError,
    check_text,
    paragraphs,
    render_html,
    render_text,
    unknown_placeholders,
)
from tests.factories import make_superuser


def test_known_placeholders_are_filled_in() -> None:
    text = "{{ aanhef }}, bel {{telefoon}} vóór {{ reageer_voor }}."
    values = {"aanhef": "Beste Jan", "telefoon": "14 071", "reageer_voor": "17 maart 2025"}
    assert render_text(text, values) == "Beste Jan, bel 14 071 vóór 17 maart 2025."


def test_unknown_placeholders_are_refused_by_name() -> None:
    assert unknown_placeholders("{{ naam }} {{ bsn }} {{ naam.upper }} {{ bedrag|safe }}") == [
        "bsn",
        "naam.upper",
        "bedrag|safe",
    ]
    with pytest.raises(PlaceholderError, match=r"Onbekende invulvelden: \{\{ bsn \}\}, \{\{ iban \}\}"):
        check_text("Beste {{ naam }}, uw {{ bsn }} en {{ iban }}")


@pytest.mark.parametrize(
    "text",
    [
        "{% load static %}{{ naam }}",
        "{% include 'base.html' %}",
        "{% debug %}",
        "{# verborgen #}",
        "Losse {{ accolades",
    ],
)
def test_template_code_is_refused(text: str) -> None:
    with pytest.raises(PlaceholderError, match="alleen invulvelden"):
        check_text(text)


def test_values_and_typed_text_are_escaped_in_html_and_plain_in_text() -> None:
    values = {"naam": "<b>Jan</b> & Co"}
    assert render_html("<i>{{ naam }}</i>", values) == "&lt;i&gt;&lt;b&gt;Jan&lt;/b&gt; &amp; Co&lt;/i&gt;"
    assert render_text("<i>{{ naam }}</i>", values) == "<i><b>Jan</b> & Co</i>"


def test_paragraphs_are_split_on_empty_lines() -> None:
    assert paragraphs("Een\ntwee\n\n  \nDrie\r\n\r\nVier\n") == ("Een\ntwee", "Drie", "Vier")


@pytest.mark.django_db
def test_the_admin_validation_refuses_an_unknown_placeholder_in_dutch() -> None:
    template = LetterTemplate(kind=LetterKind.OFFER, title="Hulp", body="Beste {{ voornaam }}, {{ naam }}")
    with pytest.raises(ValidationError) as caught:
        template.full_clean()
    expected = (
        "Onbekende invulvelden: {{ voornaam }}. Toegestaan zijn: naam, aanhef, adres, gemeente, medewerker, "
        "telefoon, datum, bedrag, achterstanden, reageer_voor."
    )
    assert caught.value.message_dict["body"] == [expected]


@pytest.mark.django_db
def test_the_administrator_sees_the_unknown_placeholders_named_and_the_editor_recorded(
    client: Client,
) -> None:
    admin_user = make_superuser()
    client.force_login(admin_user)
    url = reverse("admin:letters_lettertemplate_add")
    form = {"kind": LetterKind.YOUTH, "title": "Hoi", "is_active": "on"}

    refused = client.post(url, {**form, "body": "Hoi {{ voornaam }} {{ iban }}"})

    assert refused.status_code == 200
    assert "Onbekende invulvelden: {{ voornaam }}, {{ iban }}" in refused.content.decode()
    assert client.post(url, {**form, "body": "Hoi {{ naam }}"}).status_code == 302
    assert LetterTemplate.objects.get().updated_by == admin_user
