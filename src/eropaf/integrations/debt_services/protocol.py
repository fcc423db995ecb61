"""What Eropaf asks debt services (schuldhulpverlening), independent of how it is asked.

A signalled resident who is already a client of the municipality's debt services is not approached
again. The only question is therefore: which of these people are current clients? Every
implementation of `DebtServicesRegistry` answers it the same way for the same data: by BSN, or,
when a BSN is missing on either side, by surname, birth date, postcode and house number together.
"""

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from stdnum.nl import bsn as bsn_number

PREFIX_WORDS = frozenset(
    {
        "van", "de", "den", "der", "het", "'t", "'s", "ter", "ten", "te", "in", "op", "uit", "aan", "bij",
        "onder", "over", "voor", "tot", "la", "le", "du", "des", "von", "vom", "zum", "zur",
    }
)  # fmt: skip
"""Dutch surname prefixes (voorvoegsels); ignored when names are compared."""

_MAX_PREFIX_WORDS = 3  # ``van de la``
_APOSTROPHES = re.compile("[’‘`´]")
_NOT_LETTERS = re.compile(r"[\W_]+")
# Letters Unicode does not decompose into a base letter and a mark.
_PLAIN_LETTERS = str.maketrans({"ı": "i", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d"})
_POSTCODE = re.compile(r"^[1-9][0-9]{3}[A-Z]{2}$")
_BSN_SEPARATORS = re.compile(r"[\s.\-]")


def compact_postcode(postcode: str) -> str:
    """``1234 ab`` → ``1234AB``; says nothing about whether the result is a postcode."""
    return re.sub(r"\s+", "", postcode).upper()


def is_postcode(postcode: str) -> bool:
    """A compacted Dutch postcode: four digits, the first not zero, and two capital letters."""
    return bool(_POSTCODE.match(postcode))


def compact_bsn(bsn: str) -> str:
    """Digits only; eight digits get back the leading zero a spreadsheet dropped."""
    digits = _BSN_SEPARATORS.sub("", bsn)
    return f"0{digits}" if len(digits) == 8 and digits.isdigit() else digits


def usable_bsn(bsn: str) -> str:
    """The compacted BSN when it passes the elfproef, else empty: a wrong number identifies no one."""
    digits = compact_bsn(bsn)
    return digits if len(digits) == 9 and bsn_number.is_valid(digits) else ""


def surname_key(surname: str) -> str:
    """The surname as compared: case, diacritics, punctuation and leading prefixes do not count.

    ``Öztürk`` and ``OZTURK`` are the same, and so are ``van der Berg``, ``Berg`` (with prefix ``van der``
    in a field of its own, which is not compared) and ``Berg, van der``, the order some administrations
    export; whatever follows a comma (prefixes, initials) is left out.
    """
    text = unicodedata.normalize("NFKD", surname.casefold().translate(_PLAIN_LETTERS))
    text = _APOSTROPHES.sub("'", "".join(char for char in text if not unicodedata.combining(char)))
    words = text.partition(",")[0].split()
    leading = 0
    while leading < min(_MAX_PREFIX_WORDS, len(words) - 1) and words[leading] in PREFIX_WORDS:
        leading += 1
    return _NOT_LETTERS.sub("", "".join(words[leading:]))


@dataclass(frozen=True)
class ClientQuery:
    """One person to ask about. `key` is the caller's own identifier for the question (a signal id,
    say) and comes back in the answer; it must not contain personal data."""

    key: str
    bsn: str = ""
    surname: str = ""
    prefix: str = ""
    birth_date: date | None = None
    postcode: str = ""
    house_number: int | None = None


Identity = tuple[str, date, str, int]
"""Surname key, birth date, compacted postcode and house number: a person without their BSN."""


def identity_of(
    *, surname: str, birth_date: date | None, postcode: str, house_number: int | None
) -> Identity | None:
    """None unless all four parts are there: a partial identity would match too many people."""
    key = surname_key(surname)
    compacted = compact_postcode(postcode)
    if not key or birth_date is None or not is_postcode(compacted) or not house_number:
        return None
    return key, birth_date, compacted, house_number


def query_identity(query: ClientQuery) -> Identity | None:
    return identity_of(
        surname=query.surname,
        birth_date=query.birth_date,
        postcode=query.postcode,
        house_number=query.house_number,
    )


class DebtServicesError(Exception):
    """Debt services could not answer. Messages never contain a BSN, a name or other personal data."""


class DebtServicesUnavailable(DebtServicesError):
    """Debt services did not answer in time, answered with a server error, or asked us to slow down."""


class DebtServicesRefused(DebtServicesError):
    """Debt services rejected the request itself (bad request, not authenticated, not authorised)."""


class DebtServicesRegistry(Protocol):
    def known(self, queries: Sequence[ClientQuery]) -> set[str]:
        """The keys of the queries whose person is a current client of debt services.

        A query with neither a BSN nor a complete surname, birth date, postcode and house number is
        never known.
        """
        ...
