"""Dutch mobile numbers and e-mail addresses: normalised, validated, and hashed with a key."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eropaf.messaging import texts
from eropaf.messaging.addresses import (
    InvalidAddress,
    address_hash,
    normalise_email_address,
    normalise_phone_number,
)
from eropaf.messaging.protocol import Channel


@pytest.mark.parametrize(
    "raw",
    [
        "0612345678",
        "06-12345678",
        "06 1234 5678",
        "06-123 456 78",
        "(06) 12345678",
        "+31612345678",
        "+31 6 12345678",
        "+31 (0)6 12345678",
        "+31-6-1234-5678",
        "0031612345678",
        "0031 6 12 34 56 78",
        " 06.12.34.56.78 ",
    ],
)
def test_every_way_of_writing_a_mobile_number_gives_e164(raw: str) -> None:
    assert normalise_phone_number(raw) == "+31612345678"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "06",
        "061234567",  # one digit short
        "06123456789",  # one digit long
        "0201234567",  # a landline
        "0662345678",  # a pager
        "+32612345678",  # Belgium
        "612345678",
        "06-1234567a",
        "+31 06 1234 5678 9",
    ],
)
def test_anything_else_is_not_a_dutch_mobile_number(raw: str) -> None:
    with pytest.raises(InvalidAddress) as raised:
        normalise_phone_number(raw)

    assert raised.value.message == str(texts.INVALID_PHONE_NUMBER)


_SEPARATOR = st.sampled_from(["", " ", "-", "."])
_PREFIX = st.sampled_from(["06", "+316", "00316", "+31 6", "+31 (0)6", "0031 6"])


@given(
    prefix=_PREFIX,
    second=st.sampled_from("123457889"),
    digits=st.lists(st.integers(0, 9), min_size=7, max_size=7),
    separators=st.lists(_SEPARATOR, min_size=8, max_size=8),
)
def test_any_formatting_of_the_same_number_normalises_alike(
    prefix: str, second: str, digits: list[int], separators: list[str]
) -> None:
    national = [second, *map(str, digits)]
    written = prefix + "".join(sep + digit for sep, digit in zip(separators, national, strict=True))

    normalised = normalise_phone_number(written)

    assert normalised == "+316" + "".join(national)
    assert normalise_phone_number(normalised) == normalised


@given(st.text(max_size=30))
def test_normalising_any_text_either_gives_e164_or_a_dutch_refusal(text: str) -> None:
    try:
        normalised, refusal = normalise_phone_number(text), ""
    except InvalidAddress as error:
        normalised, refusal = "", error.message

    if normalised:
        assert normalised.startswith("+316")
        assert len(normalised) == 12
        assert normalised[1:].isdigit()
    else:
        assert refusal == str(texts.INVALID_PHONE_NUMBER)


def test_email_addresses_are_trimmed_and_lowered() -> None:
    assert normalise_email_address("  Jan.Jansen@Example.NL ") == "jan.jansen@example.nl"


@pytest.mark.parametrize("raw", ["", "jan", "jan@", "@example.nl", "jan@example", "jan jansen@example.nl"])
def test_invalid_email_addresses_are_refused_in_dutch(raw: str) -> None:
    with pytest.raises(InvalidAddress, match="geen geldig e-mailadres"):
        normalise_email_address(raw)


def test_the_hash_depends_on_key_and_channel_and_hides_the_number() -> None:
    digest = address_hash(Channel.SMS, "+31612345678", key=b"one")

    assert len(digest) == 64
    assert "612345678" not in digest
    assert digest == address_hash(Channel.SMS, "+31612345678", key=b"one")
    assert digest != address_hash(Channel.SMS, "+31612345678", key=b"two")
    assert digest != address_hash(Channel.EMAIL, "+31612345678", key=b"one")
