"""Ranking BRP search hits as candidates for a signalled person whose BSN the BRP does not know."""

import json
import unicodedata
from datetime import date

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from eropaf.integrations.brp.protocol import PersonSummary
from eropaf.matching.candidates import (
    PREFIXES,
    Candidate,
    MatchReason,
    SignalledPerson,
    normalise_name,
    rank_candidates,
)

BIRTH = date(1980, 3, 4)


def _only(person: SignalledPerson, hit: PersonSummary) -> Candidate:
    (candidate,) = rank_candidates(person, [hit])
    return candidate


def _surname_reason(surname: str, hit_surname: str, hit_prefix: str = "", prefix: str = "") -> MatchReason:
    candidate = _only(
        SignalledPerson(surname=surname, prefix=prefix), PersonSummary("1", hit_surname, hit_prefix)
    )
    (reason,) = candidate.reasons
    return reason


@pytest.mark.parametrize(
    ("delivered", "prefix"),
    [
        ("Van der Berg", ""),
        ("Berg, van der", ""),
        ("Berg", "van der"),
        ("v.d. Berg", ""),
        ("Berg van der", ""),
    ],
)
def test_the_prefix_is_left_out_of_the_surname(delivered: str, prefix: str) -> None:
    assert _surname_reason(delivered, "Berg", "van der", prefix=prefix) is MatchReason.SURNAME_EQUAL
    assert _surname_reason(delivered, "Berg", prefix=prefix) is MatchReason.SURNAME_EQUAL


def test_a_prefix_inside_a_name_stays_and_a_name_of_prefixes_keeps_its_last_word() -> None:
    assert normalise_name("Bakker de Jong") == "bakkerdejong"
    assert normalise_name("Van") == "van"
    assert normalise_name("'t Hart") == normalise_name("Hart, 't") == "hart"
    assert normalise_name("d'Ancona") == "ancona"


@pytest.mark.parametrize(
    ("written", "plain"),
    [("Öztürk", "Ozturk"), ("Wiśniewska", "Wisniewska"), ("Strauß", "Straus"), ("Yıldız", "Yildiz"),
     ("Sørensen", "Sorensen"), ("Łukasik", "Lukasik"), ("MÜLLER", "muller"), ("Çelik", "Celik")],
)  # fmt: skip
def test_diacritics_and_case_do_not_count(written: str, plain: str) -> None:
    assert normalise_name(written) == normalise_name(plain)
    assert _surname_reason(written, plain) is MatchReason.SURNAME_EQUAL
    assert _surname_reason(plain, written) is MatchReason.SURNAME_EQUAL


def test_double_s_counts_as_single_s() -> None:
    assert _surname_reason("Klaassen", "Klaasen") is MatchReason.SURNAME_EQUAL  # not merely similar
    assert _surname_reason("Jansen", "Janssen") is MatchReason.SURNAME_EQUAL


def test_ij_and_y_are_the_same_letter() -> None:
    assert _surname_reason("Bijl", "Byl") is MatchReason.SURNAME_EQUAL  # too short to be a typo
    assert _surname_reason("van Dijk", "Dyk", "van") is MatchReason.SURNAME_EQUAL
    assert normalise_name("ĳsselmeer") == normalise_name("Ysselmeer")  # the ĳ ligature


@pytest.mark.parametrize("married", ["Jansen-de Vries", "Jansen - de Vries", "de Vries-Jansen"])
def test_a_double_name_matches_either_birth_name(married: str) -> None:
    assert _surname_reason(married, "Vries", "de") is MatchReason.SURNAME_IS_PART
    assert _surname_reason(married, "Jansen") is MatchReason.SURNAME_IS_PART
    assert _surname_reason("Jansen", married) is MatchReason.SURNAME_IS_PART
    assert _surname_reason(married, "Bakker") is MatchReason.SURNAME_DIFFERS


@pytest.mark.parametrize(
    ("delivered", "registered"),
    [("Pieterse", "Pietersen"), ("Jasnen", "Jansen"), ("Bakkre", "Bakker"), ("Hendriks", "Hendrikx")],
)
def test_a_typo_in_a_longer_surname_is_similar(delivered: str, registered: str) -> None:
    assert _surname_reason(delivered, registered) is MatchReason.SURNAME_SIMILAR


@pytest.mark.parametrize(("delivered", "registered"), [("Smit", "Smid"), ("Pietersen", "Pietersma")])
def test_short_names_and_two_typos_are_not_similar(delivered: str, registered: str) -> None:
    assert _surname_reason(delivered, registered) is MatchReason.SURNAME_DIFFERS


@pytest.mark.parametrize(
    ("initials", "first_names", "given_names", "expected"),
    [
        ("J.P.", "", "Johannes Petrus", MatchReason.INITIALS_EQUAL),
        ("JP", "", "Jan Pieter", MatchReason.INITIALS_EQUAL),
        ("", "Jan Pieter", "Johannes Petrus", MatchReason.INITIALS_EQUAL),
        ("", "Anna-Maria", "Anna Maria", MatchReason.INITIALS_EQUAL),
        ("", "Émile", "Emile", MatchReason.INITIALS_EQUAL),
        ("Th.", "", "Theodorus", MatchReason.INITIALS_EQUAL),
        ("IJ.", "", "IJsbrand", MatchReason.INITIALS_EQUAL),
        ("J.", "", "Jan Pieter", MatchReason.INITIALS_FIRST_EQUAL),
        ("J.P.", "", "Jan", MatchReason.INITIALS_FIRST_EQUAL),
        ("K.", "", "Jan Pieter", MatchReason.INITIALS_DIFFER),
        ("J.K.", "", "Jan Pieter", MatchReason.INITIALS_DIFFER),
        ("", "Klaas", "Jan", MatchReason.INITIALS_DIFFER),
    ],
)
def test_initials_come_from_first_names_when_missing(
    initials: str, first_names: str, given_names: str, expected: MatchReason
) -> None:
    person = SignalledPerson(surname="Jansen", initials=initials, first_names=first_names)

    candidate = _only(person, PersonSummary("1", "Jansen", given_names=given_names))

    assert candidate.reasons == (MatchReason.SURNAME_EQUAL, expected)


def test_unknown_initials_give_no_reason() -> None:
    assert _only(SignalledPerson("Jansen", initials="J."), PersonSummary("1", "Jansen")).reasons == (
        MatchReason.SURNAME_EQUAL,
    )


@pytest.mark.parametrize(
    ("registered", "expected"),
    [
        (date(1980, 3, 4), MatchReason.BIRTH_DATE_EQUAL),
        (date(1980, 4, 3), MatchReason.BIRTH_DATE_CLOSE),  # day and month swapped
        (date(1981, 3, 4), MatchReason.BIRTH_DATE_CLOSE),  # one digit of the year
        (date(1970, 3, 4), MatchReason.BIRTH_DATE_CLOSE),
        (date(1980, 3, 14), MatchReason.BIRTH_DATE_CLOSE),  # one digit of the day
        (date(1980, 3, 5), MatchReason.BIRTH_DATE_CLOSE),
        (date(1980, 3, 26), MatchReason.BIRTH_DATE_DIFFERS),  # two digits of the day
        (date(1981, 3, 5), MatchReason.BIRTH_DATE_DIFFERS),  # two parts
        (date(1975, 8, 20), MatchReason.BIRTH_DATE_DIFFERS),
    ],
)
def test_birth_dates_are_compared_tolerantly(registered: date, expected: MatchReason) -> None:
    candidate = _only(
        SignalledPerson("Jansen", birth_date=BIRTH), PersonSummary("1", "Jansen", birth_date=registered)
    )

    assert candidate.reasons == (MatchReason.SURNAME_EQUAL, expected)


def test_an_unknown_birth_date_gives_no_points() -> None:
    known = _only(SignalledPerson("Jansen"), PersonSummary("1", "Jansen", birth_date=BIRTH))
    unknown = _only(SignalledPerson("Jansen", birth_date=BIRTH), PersonSummary("1", "Jansen"))

    assert known.reasons == unknown.reasons == (MatchReason.SURNAME_EQUAL,)
    assert known.score == unknown.score


def test_score_thresholds() -> None:
    person = SignalledPerson("Berg", prefix="van der", initials="J.P.", birth_date=BIRTH)

    def score(surname: str, birth_date: date | None = None, given_names: str = "") -> int:
        return _only(
            person, PersonSummary("1", surname, birth_date=birth_date, given_names=given_names)
        ).score

    assert score("Berg", BIRTH, "Jan Pieter") >= 90
    assert score("Berg") < 60
    assert score("Berg", date(1990, 9, 9), "Klaas") < score("Berg")  # contradictions cost points
    assert score("Öztürk", date(1980, 4, 3), "Jan Pieter") <= 20  # nothing in common but a close date
    assert score("Öztürk", date(1980, 4, 3)) <= 20
    assert score("Öztürk", BIRTH, "Jan Pieter") > 20  # an equal birth date lifts the cap


def test_ranking_is_by_score_then_bsn_with_duplicates_collapsed_and_a_limit() -> None:
    person = SignalledPerson("Jansen", initials="A.", birth_date=BIRTH)
    hits = [
        PersonSummary("999990003", "Jansen", given_names="Bert"),
        PersonSummary("999990002", "Jansen", given_names="Bert"),
        PersonSummary("999990001", "Jansen", birth_date=BIRTH, given_names="Anna"),
        PersonSummary("999990002", "Jansen", birth_date=BIRTH, given_names="Bert"),  # same BSN, other search
        PersonSummary("", "Jansen", birth_date=BIRTH, given_names="Anna"),  # no BSN: cannot be confirmed
    ]

    ranked = rank_candidates(person, hits)

    assert [(c.bsn, c.score) for c in ranked] == [("999990001", 100), ("999990002", 70), ("999990003", 35)]
    assert rank_candidates(person, hits, limit=2) == ranked[:2]
    assert rank_candidates(person, list(reversed(hits))) == ranked
    assert rank_candidates(person, iter(hits)) == ranked
    assert rank_candidates(person, hits, limit=0) == []
    with pytest.raises(ValueError, match="limit"):
        rank_candidates(person, hits, limit=-1)


def test_candidates_survive_json() -> None:
    person = SignalledPerson("Jansen-de Vries", initials="J.", birth_date=BIRTH)
    ranked = rank_candidates(
        person, [PersonSummary("1", "Vries", "de", BIRTH, given_names="Jan"), PersonSummary("2", "Jansen")]
    )

    stored = json.loads(json.dumps([candidate.as_json() for candidate in ranked]))

    assert stored[0] == {
        "bsn": "1",
        "surname": "Vries",
        "prefix": "de",
        "given_names": "Jan",
        "birth_date": "1980-03-04",
        "score": 90,
        "reasons": ["surname_is_part", "birth_date_equal", "initials_equal"],
    }
    assert [Candidate.from_json(data) for data in stored] == ranked
    assert ranked[1].as_json()["birth_date"] is None


@pytest.mark.parametrize(
    "broken",
    [{"score": "90"}, {"reasons": ["no_such_reason"]}, {"birth_date": "4-3-1980"}, {"bsn": None}],
)
def test_from_json_refuses_what_as_json_did_not_write(broken: dict[str, object]) -> None:
    data = {**Candidate("1", "Berg", "", "", None, 50, (MatchReason.SURNAME_EQUAL,)).as_json(), **broken}

    with pytest.raises(ValueError):  # noqa: PT011
        Candidate.from_json(data)


def test_every_reason_has_an_english_label() -> None:
    with translation.override("en"):
        labels = {reason: reason.label for reason in MatchReason}

    assert labels[MatchReason.BIRTH_DATE_CLOSE] == "Birth date nearly equal (day/month swapped or typo)"
    assert all(label and label != reason.value for reason, label in labels.items())
    assert len(set(labels.values())) == len(MatchReason)


# Properties -------------------------------------------------------------------------------------

_MARKS = ["\u0301", "\u0308", "\u0300", "\u0327", "\u030c", "\u0303"]
_LOOKALIKES = {"o": "øö", "l": "ł", "i": "ıï", "s": "śš", "u": "ü", "e": "éë", "c": "ç", "a": "áå"}
_PREFIX_CHOICES = ["van der", "de", "van", "van den", "ten", "'t", "in 't", "v.d.", "Van De"]
surnames = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=12).filter(
    lambda name: name not in PREFIXES
)


@st.composite
def disguised(draw: st.DrawFn, text: str) -> str:
    """The same name as a partner might type it: other case, accents, look-alike letters."""
    letters = []
    for letter in text:
        shown = (
            draw(st.sampled_from(_LOOKALIKES[letter]))
            if letter in _LOOKALIKES and draw(st.booleans())
            else letter
        )
        if shown.isalpha() and draw(st.booleans()):
            shown += draw(st.sampled_from(_MARKS))
        letters.append(shown.upper() if draw(st.booleans()) else shown)
    return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), "".join(letters))


@given(data=st.data(), surname=surnames, prefix=st.sampled_from(["", *_PREFIX_CHOICES]))
def test_a_name_matches_itself_however_it_is_written(data: st.DataObject, surname: str, prefix: str) -> None:
    shown = data.draw(disguised(surname))
    shown_prefix = data.draw(disguised(prefix))
    placement = data.draw(st.sampled_from(["field", "front", "comma", "back", "left out"]))
    delivered = {
        "field": SignalledPerson(shown, prefix=shown_prefix),
        "front": SignalledPerson(f"{shown_prefix} {shown}"),
        "comma": SignalledPerson(f"{shown}, {shown_prefix}"),
        "back": SignalledPerson(f"{shown} {shown_prefix}"),
        "left out": SignalledPerson(shown),
    }[placement]

    candidate = _only(delivered, PersonSummary("1", surname, prefix))

    assert candidate.reasons == (MatchReason.SURNAME_EQUAL,)
    assert normalise_name(f"{shown_prefix} {shown}") == normalise_name(surname)


summaries = st.builds(
    PersonSummary,
    bsn=st.sampled_from(["", "999990001", "999990002", "999990003", "999990004", "999990005"]),
    surname=st.sampled_from(["Jansen", "Janssen", "Jansen-de Vries", "Vries", "Bakker", "Bakkre", "Öztürk"]),
    prefix=st.sampled_from(["", "de", "van"]),
    birth_date=st.none() | st.dates(date(1979, 1, 1), date(1981, 12, 31)),
    given_names=st.sampled_from(["", "Jan", "Jan Pieter", "Klaas", "Anna Maria"]),
)
people = st.builds(
    SignalledPerson,
    surname=st.sampled_from(["Jansen", "Jansen-de Vries", "de Vries", "Bakker", "Ozturk"]),
    initials=st.sampled_from(["", "J.", "J.P.", "K."]),
    first_names=st.sampled_from(["", "Jan", "Anna"]),
    birth_date=st.none() | st.just(BIRTH),
)


@given(person=people, hits=st.lists(summaries, max_size=12), data=st.data(), limit=st.integers(0, 6))
def test_ranking_does_not_depend_on_input_order(
    person: SignalledPerson, hits: list[PersonSummary], data: st.DataObject, limit: int
) -> None:
    ranked = rank_candidates(person, hits, limit=limit)

    assert rank_candidates(person, data.draw(st.permutations(hits)), limit=limit) == ranked
    assert len(ranked) == min(limit, len({hit.bsn for hit in hits if hit.bsn}))
    assert len({c.bsn for c in ranked}) == len(ranked)
    assert [(-c.score, c.bsn) for c in ranked] == sorted((-c.score, c.bsn) for c in ranked)
    for candidate in ranked:
        assert 0 <= candidate.score <= 100
        assert Candidate.from_json(json.loads(json.dumps(candidate.as_json()))) == candidate
        related = {MatchReason.SURNAME_EQUAL, MatchReason.SURNAME_IS_PART, MatchReason.SURNAME_SIMILAR}
        if not related & set(candidate.reasons) and MatchReason.BIRTH_DATE_EQUAL not in candidate.reasons:
            assert candidate.score <= 20


@given(st.text(max_size=30))
def test_normalising_is_idempotent_and_leaves_only_letters_and_digits(text: str) -> None:
    once = normalise_name(text)

    assert normalise_name(once) == once
    assert all(character.isalnum() for character in once)
    assert once == once.casefold()
    assert "ss" not in once
    assert "ij" not in once
