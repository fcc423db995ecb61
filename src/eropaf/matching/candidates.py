"""Candidate persons for manual review when the BRP does not know a signalled BSN.

The BRP searches (postcode + house number, surname + birth date) return `PersonSummary` hits; this
module ranks them against the person as the partner delivered it. Pure logic: no ORM, no models.

Tolerant comparison rules (points per reason in brackets):

* Names are compared after `normalise_name`: case-insensitive; diacritics removed (NFKD, plus
  ß→ss, ı→i, ø→o, ł→l, æ→ae, œ→oe, đ→d); runs of s count as one s (Klaassen = Klaasen); ij = y;
  punctuation and spaces dropped. Dutch (and common foreign) prefixes are dropped from the start or
  end of a full name and after a comma, so "Van der Berg", "Berg, van der" and surname "Berg" with
  prefix "van der" all become "berg". A name that is only prefix words keeps its last word.
* Surname: equal → SURNAME_EQUAL (50). A double (married) name split at a hyphen ("Jansen-de
  Vries", "Jansen - de Vries") with a part equal to the other side's name or part → SURNAME_IS_PART
  (40). One letter added, dropped or changed, or two neighbouring letters swapped, on names of at
  least five letters → SURNAME_SIMILAR (30). Otherwise SURNAME_DIFFERS (0).
* Initials: the delivered initials, else derived from the first names (the BRP side always from the
  given names); "IJ.", "Th." and "Chr." are one initial. Same sequence → INITIALS_EQUAL (15); one a
  prefix of the other ("J." vs "J.P.") → INITIALS_FIRST_EQUAL (8); any contradiction →
  INITIALS_DIFFER (−15). Unknown on either side → no reason.
* Birth date: equal → BIRTH_DATE_EQUAL (35); day and month swapped, or exactly one of year, month
  and day differing in exactly one digit → BIRTH_DATE_CLOSE (15); otherwise BIRTH_DATE_DIFFERS
  (−20). Unknown on either side → no reason.

Score: the points added up and clamped to 0–100; without any surname relation it is capped at 20
unless the birth date is equal. Hits without a BSN are skipped, hits with the same BSN collapse into
the best-scoring one, and the result is sorted by score descending, then BSN ascending.
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from django.utils.translation import gettext, gettext_noop

from eropaf.integrations.brp.protocol import PersonSummary

# Voorvoegsels (BRP table 36) and their common abbreviation "v.d." / "v/d" (compared without . and /).
_PREFIX_WORDS = "van von vom vd de der den des del della di da dos du la le les het 't 's ten ter te in op"
PREFIXES = frozenset(f"{_PREFIX_WORDS} aan bij uit onder over voor zu zum zur d' l'".split())
NO_SURNAME_CAP = 20
_SPECIAL = str.maketrans(
    {"ß": "ss", "ı": "i", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "æ": "ae", "œ": "oe", "’": "'", "‘": "'"}
)
_ELIDED_PREFIX = re.compile(r"(?<![\w'])([dl])'(?=\w)")  # d'Ancona → d' Ancona
_S_RUN = re.compile(r"s{2,}")
_DOUBLE_NAME = re.compile(r"\s*-\s*")
_LETTERS = re.compile(r"[^\W\d_]+")
_T = TypeVar("_T")


class MatchReason(StrEnum):
    SURNAME_EQUAL = "surname_equal"
    SURNAME_IS_PART = "surname_is_part"
    SURNAME_SIMILAR = "surname_similar"
    SURNAME_DIFFERS = "surname_differs"
    BIRTH_DATE_EQUAL = "birth_date_equal"
    BIRTH_DATE_CLOSE = "birth_date_close"
    BIRTH_DATE_DIFFERS = "birth_date_differs"
    INITIALS_EQUAL = "initials_equal"
    INITIALS_FIRST_EQUAL = "initials_first_equal"
    INITIALS_DIFFER = "initials_differ"

    @property
    def label(self) -> str:
        return gettext(_RULES[self][1])

    @property
    def points(self) -> int:
        return _RULES[self][0]


_RULES: dict[MatchReason, tuple[int, str]] = {  # points, English msgid
    MatchReason.SURNAME_EQUAL: (50, gettext_noop("Surname equal")),
    MatchReason.SURNAME_IS_PART: (40, gettext_noop("Surname is part of a double name")),
    MatchReason.SURNAME_SIMILAR: (30, gettext_noop("Surname nearly equal (typing error?)")),
    MatchReason.SURNAME_DIFFERS: (0, gettext_noop("Surname differs")),
    MatchReason.BIRTH_DATE_EQUAL: (35, gettext_noop("Birth date equal")),
    MatchReason.BIRTH_DATE_CLOSE: (15, gettext_noop("Birth date nearly equal (day/month swapped or typo)")),
    MatchReason.BIRTH_DATE_DIFFERS: (-20, gettext_noop("Birth date differs")),
    MatchReason.INITIALS_EQUAL: (15, gettext_noop("Initials equal")),
    MatchReason.INITIALS_FIRST_EQUAL: (8, gettext_noop("First initial equal")),
    MatchReason.INITIALS_DIFFER: (-15, gettext_noop("Initials differ")),
}
_SURNAME_RELATED = {MatchReason.SURNAME_EQUAL, MatchReason.SURNAME_IS_PART, MatchReason.SURNAME_SIMILAR}


@dataclass(frozen=True)
class SignalledPerson:
    """The person as the partner delivered it."""

    surname: str
    prefix: str = ""
    initials: str = ""
    first_names: str = ""
    birth_date: date | None = None


@dataclass(frozen=True)
class Candidate:
    bsn: str
    surname: str
    prefix: str
    given_names: str
    birth_date: date | None
    score: int
    reasons: tuple[MatchReason, ...]

    def as_json(self) -> dict[str, object]:
        birth_date = self.birth_date.isoformat() if self.birth_date else None
        return {**asdict(self), "birth_date": birth_date, "reasons": [r.value for r in self.reasons]}

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> "Candidate":
        """The inverse of `as_json`; ValueError for anything it did not write."""
        birth_date = data.get("birth_date")
        return cls(
            bsn=_checked(data.get("bsn"), str),
            surname=_checked(data.get("surname"), str),
            prefix=_checked(data.get("prefix"), str),
            given_names=_checked(data.get("given_names"), str),
            birth_date=None if birth_date is None else date.fromisoformat(_checked(birth_date, str)),
            score=_checked(data.get("score"), int),
            reasons=tuple(MatchReason(_checked(r, str)) for r in _checked(data.get("reasons"), list)),
        )


def _checked(value: object, kind: type[_T]) -> _T:
    if not isinstance(value, kind):
        raise ValueError(f"expected {kind.__name__} in a serialised candidate")
    return value


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_SPECIAL).casefold()


def _is_prefix(word: str) -> bool:
    return word.replace(".", "").replace("/", "") in PREFIXES


def normalise_name(text: str) -> str:
    """A name reduced to what the tolerant comparison looks at (see the module docstring)."""
    head, _, tail = _fold(text).partition(",")
    if not all(_is_prefix(word) for word in tail.split()):
        head = f"{head} {tail}"
    words = _ELIDED_PREFIX.sub(r"\1' ", head).split()
    while len(words) > 1 and _is_prefix(words[0]):
        words.pop(0)
    while len(words) > 1 and _is_prefix(words[-1]):
        words.pop()
    compact = "".join(c for c in "".join(words) if c.isalnum())
    return _S_RUN.sub("s", compact).replace("ij", "y")


def _surname_forms(prefix: str, surname: str) -> tuple[str, frozenset[str]]:
    """The whole name, and each part of a double name separated by a hyphen."""
    parts = [normalise_name(part) for part in _DOUBLE_NAME.split(surname.strip(" -"))]
    return normalise_name(f"{prefix} {surname}"), frozenset(p for p in parts if len(p) > 1)


def _one_edit_apart(a: str, b: str) -> bool:
    """One letter added, dropped or changed, or two neighbouring letters swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) != len(b):
        short, long = sorted((a, b), key=len)
        return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return len(diffs) == 1 or (
        len(diffs) == 2
        and diffs[1] == diffs[0] + 1
        and (a[diffs[0]], a[diffs[1]]) == (b[diffs[1]], b[diffs[0]])
    )


def _surname_reason(
    ours: tuple[str, frozenset[str]], theirs: tuple[str, frozenset[str]]
) -> MatchReason | None:
    if not ours[0] or not theirs[0]:
        return None
    if ours[0] == theirs[0]:
        return MatchReason.SURNAME_EQUAL
    our_forms, their_forms = ours[1] | {ours[0]}, theirs[1] | {theirs[0]}
    if our_forms & their_forms:
        return MatchReason.SURNAME_IS_PART
    if any(min(len(a), len(b)) >= 5 and _one_edit_apart(a, b) for a in our_forms for b in their_forms):
        return MatchReason.SURNAME_SIMILAR
    return MatchReason.SURNAME_DIFFERS


def _initials_from_names(names: str) -> tuple[str, ...]:
    return tuple(folded[0] for word in _LETTERS.findall(names) if (folded := _fold(word)))


def _initials_from_initials(initials: str) -> tuple[str, ...]:
    """From initials as written: "J.P." or "JP" give J, P; "IJ.", "Th." or "Chr." give one initial."""
    letters: list[str] = []
    for group in _LETTERS.findall(initials):
        folded = _fold(group)
        if folded == "ij" or not (group.isupper() or group.islower()):
            letters.append(folded[:1])
        else:
            letters.extend(folded)
    return tuple(letters)


def _initials_reason(ours: tuple[str, ...], theirs: tuple[str, ...]) -> MatchReason | None:
    if not ours or not theirs:
        return None
    if ours == theirs:
        return MatchReason.INITIALS_EQUAL
    shorter = min(len(ours), len(theirs))
    if ours[:shorter] == theirs[:shorter]:
        return MatchReason.INITIALS_FIRST_EQUAL
    return MatchReason.INITIALS_DIFFER


def _one_digit_off(ours: date, theirs: date) -> bool:
    parts = [(f"{d.year:04d}", f"{d.month:02d}", f"{d.day:02d}") for d in (ours, theirs)]
    differing = [(a, b) for a, b in zip(*parts, strict=True) if a != b]
    return len(differing) == 1 and sum(x != y for x, y in zip(*differing[0], strict=True)) == 1


def _birth_date_reason(ours: date | None, theirs: date | None) -> MatchReason | None:
    if ours is None or theirs is None:
        return None
    if ours == theirs:
        return MatchReason.BIRTH_DATE_EQUAL
    swapped = ours.year == theirs.year and (ours.day, ours.month) == (theirs.month, theirs.day)
    if swapped or _one_digit_off(ours, theirs):
        return MatchReason.BIRTH_DATE_CLOSE
    return MatchReason.BIRTH_DATE_DIFFERS


def _order(candidate: Candidate) -> tuple[int, str, str]:
    return (-candidate.score, candidate.bsn, repr(candidate))  # repr: same BSN, different data


def rank_candidates(
    person: SignalledPerson, found: Iterable[PersonSummary], *, limit: int = 10
) -> list[Candidate]:
    """The BRP hits as candidates for `person`, best first (see the module docstring)."""
    if limit < 0:
        raise ValueError("limit must not be negative")
    surname = _surname_forms(person.prefix, person.surname)
    initials = (
        _initials_from_initials(person.initials)
        if _LETTERS.search(person.initials)
        else _initials_from_names(person.first_names)
    )
    best: dict[str, Candidate] = {}
    for hit in found:
        if not hit.bsn:
            continue
        found_reasons = (
            _surname_reason(surname, _surname_forms(hit.prefix, hit.surname)),
            _birth_date_reason(person.birth_date, hit.birth_date),
            _initials_reason(initials, _initials_from_names(hit.given_names)),
        )
        reasons = tuple(reason for reason in found_reasons if reason is not None)
        score = sum(reason.points for reason in reasons)
        if not _SURNAME_RELATED.intersection(reasons) and MatchReason.BIRTH_DATE_EQUAL not in reasons:
            score = min(score, NO_SURNAME_CAP)
        score = max(0, min(100, score))
        candidate = Candidate(
            hit.bsn, hit.surname, hit.prefix, hit.given_names, hit.birth_date, score, reasons
        )
        if hit.bsn not in best or _order(candidate) < _order(best[hit.bsn]):
            best[hit.bsn] = candidate
    return sorted(best.values(), key=_order)[:limit]
