"""The log filter masks what looks like personal data; the configuration applies it (pure logic)."""

import logging

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eropaf.core.logging import RedactPersonalData, redact


def _record(msg: str, *args: object) -> logging.LogRecord:
    return logging.LogRecord("eropaf.test", logging.INFO, __file__, 1, msg, args or None, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bsn 999990019 gevonden", "bsn [nummer] gevonden"),
        ("bsn=123456782", "bsn=[nummer]"),
        ("acht cijfers 12345678.", "acht cijfers [nummer]."),
        ("(999990019)", "([nummer])"),
        ("rekening NL91ABNA0417164300 geblokkeerd", "rekening [iban] geblokkeerd"),
        ("rekening nl91abna0417164300", "rekening [iban]"),
        ("achterstand € 1.234,56 sinds maart", "achterstand [bedrag] sinds maart"),
        ("bedrag €640,00", "bedrag [bedrag]"),
    ],
)
def test_redact_masks_bsn_iban_and_amounts(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "zaak 1234 geopend",
        "postcode 3311AB, huisnummer 12",
        "periode 2025-03",
        "1234567",  # seven digits: an id, not a BSN
        "status 200 in 0.35 s",
    ],
)
def test_redact_leaves_ordinary_text_alone(text: str) -> None:
    assert redact(text) == text


@given(
    prefix=st.text(alphabet="abc xyz-:=(", max_size=10),
    number=st.from_regex(r"\A\d{9}\Z"),
    suffix=st.text(alphabet="abc xyz-:=)", max_size=10),
)
def test_every_nine_digit_number_is_masked(prefix: str, number: str, suffix: str) -> None:
    cleaned = redact(f"{prefix}{number}{suffix}")

    assert number not in cleaned
    assert "[nummer]" in cleaned


@given(text=st.text(max_size=60))
def test_redact_is_idempotent(text: str) -> None:
    once = redact(text)

    assert redact(once) == once


def test_filter_masks_values_passed_as_arguments() -> None:
    record = _record("signaal voor bsn %s met achterstand %s", "999990019", "€ 640,00")

    kept = RedactPersonalData().filter(record)

    assert kept is True
    assert record.getMessage() == "signaal voor bsn [nummer] met achterstand [bedrag]"
    assert "999990019" not in str(record.msg)
    assert record.args is None


def test_filter_leaves_a_clean_record_untouched() -> None:
    record = _record("zaak %s geopend door %s", 42, "medewerker")

    assert RedactPersonalData().filter(record) is True
    assert record.msg == "zaak %s geopend door %s"
    assert record.args == (42, "medewerker")


def test_filter_never_drops_a_record() -> None:
    assert RedactPersonalData().filter(_record("bsn 999990019")) is True
    assert RedactPersonalData().filter(_record("niets bijzonders")) is True


def test_the_configured_log_handlers_redact() -> None:
    """Every handler the settings put on the root logger carries the filter."""
    configured = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)]
    ours = [h for h in configured if any(isinstance(f, RedactPersonalData) for f in h.filters)]

    assert ours, "no stderr handler with RedactPersonalData on the root logger"


def test_the_configured_handler_writes_no_bsn() -> None:
    handler = next(
        h for h in logging.getLogger().handlers if any(isinstance(f, RedactPersonalData) for f in h.filters)
    )
    record = _record("import mislukt voor bsn %s", "999990019")

    assert handler.filter(record)
    formatted = handler.format(record)

    assert "999990019" not in formatted
    assert "[nummer]" in formatted


def test_sql_with_parameters_is_never_logged() -> None:
    """django.db.backends would log every query with its parameters (BSNs, names) at DEBUG."""
    assert logging.getLogger("django.db.backends").getEffectiveLevel() >= logging.WARNING


@pytest.mark.parametrize(
    "phone", ["+31612345678", "06-12345678", "0612345678", "010 123 4567", "0031 6 12345678"]
)
def test_phone_numbers_are_masked(phone: str) -> None:
    assert redact(f"kon {phone} niet bellen") == "kon [telefoon] niet bellen"
