"""Rendering ((placeholder)) templates as Notify does, and reporting what is missing in Dutch."""

from eropaf.messaging.rendering import placeholders, render_message


def test_placeholders_are_filled_in_subject_and_body() -> None:
    rendered = render_message(
        subject="Hulp van ((gemeente))",
        body="Beste ((naam)), bel ((telefoonnummer)). Groet, ((gemeente))",
        personalisation={"naam": "Jan", "telefoonnummer": "14 020", "gemeente": "Utrecht"},
    )

    assert rendered.subject == "Hulp van Utrecht"
    assert rendered.body == "Beste Jan, bel 14 020. Groet, Utrecht"
    assert rendered.missing == ()
    assert rendered.problem == ""


def test_names_match_without_regard_to_case_or_spaces() -> None:
    rendered = render_message(subject="", body="Beste (( Naam )),", personalisation={"NAAM": "Jan"})

    assert rendered.body == "Beste Jan,"


def test_missing_and_empty_values_are_reported_in_dutch() -> None:
    rendered = render_message(
        subject="((gemeente))",
        body="Beste ((naam)), bel ((telefoonnummer)).",
        personalisation={"naam": "Jan", "telefoonnummer": " "},
    )

    assert rendered.missing == ("gemeente", "telefoonnummer")
    assert rendered.problem == "Ontbrekende gegevens voor het sjabloon: gemeente, telefoonnummer."
    assert rendered.body == "Beste Jan, bel ((telefoonnummer))."


def test_extra_values_and_plain_brackets_are_left_alone() -> None:
    rendered = render_message(subject="", body="Tel (06) ((x))", personalisation={"x": "1", "y": "2"})

    assert rendered.body == "Tel (06) 1"
    assert placeholders("((a)) ((B)) ((a))") == ["a", "b"]
