"""Outreach protocols: what still has to happen before "Definitief geen contact kunnen krijgen"."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from eropaf.cases.protocols import HAARLEM, SIGNALERING_PLUS, Attempt, is_outside_office_hours, progress
from eropaf.core.vocabularies import ContactKind

MONDAY = dt.date(2026, 11, 16)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(MONDAY + dt.timedelta(days=day), dt.time(hour, minute))


def attempt(kind: ContactKind, moment: dt.datetime, *, reached: bool = False) -> Attempt:
    return Attempt(kind.value, moment, reached, is_outside_office_hours(moment))


def test_haarlem_needs_two_home_visits_on_different_moments_and_two_calls() -> None:
    attempts = [attempt(ContactKind.HOME_VISIT, at(0, 10)), attempt(ContactKind.HOME_VISIT, at(0, 11))]
    state = progress(HAARLEM, attempts)
    assert not state.is_complete
    # Two visits in the same morning count once.
    assert state.missing == [
        "Minstens 2 huisbezoeken op verschillende dagen of dagdelen (nog 1)",
        "Minstens 2 keer bellen (nog 2)",
    ]


def test_haarlem_counts_a_different_day_part_on_the_same_day() -> None:
    attempts = [
        attempt(ContactKind.HOME_VISIT, at(0, 10)),
        attempt(ContactKind.HOME_VISIT, at(0, 19)),
        attempt(ContactKind.PHONE, at(1, 9)),
        attempt(ContactKind.PHONE, at(1, 9, 30)),
    ]
    assert progress(HAARLEM, attempts).is_complete


def test_haarlem_counts_a_different_day_in_the_same_day_part() -> None:
    attempts = [
        attempt(ContactKind.HOME_VISIT, at(0, 10)),
        attempt(ContactKind.HOME_VISIT, at(3, 10)),
        attempt(ContactKind.PHONE, at(1, 9)),
    ]
    state = progress(HAARLEM, attempts)
    assert state.missing == ["Minstens 2 keer bellen (nog 1)"]


def test_a_whatsapp_call_is_not_a_phone_call_for_haarlem() -> None:
    attempts = [
        attempt(ContactKind.HOME_VISIT, at(0, 10)),
        attempt(ContactKind.HOME_VISIT, at(3, 10)),
        attempt(ContactKind.WHATSAPP_CALL, at(1, 9)),
        attempt(ContactKind.WHATSAPP_CALL, at(1, 10)),
    ]
    assert not progress(HAARLEM, attempts).is_complete


def _signalering_plus_complete() -> list[Attempt]:
    return [
        attempt(ContactKind.LETTER, at(0, 9)),
        attempt(ContactKind.PHONE, at(1, 9)),
        attempt(ContactKind.PHONE, at(2, 14)),
        attempt(ContactKind.WHATSAPP_CALL, at(2, 15)),
        attempt(ContactKind.SMS_WHATSAPP, at(2, 15, 5)),
        attempt(ContactKind.HOME_VISIT, at(3, 10)),
        attempt(ContactKind.CARD, at(3, 10, 5)),
        attempt(ContactKind.HOME_VISIT, at(4, 19)),  # outside office hours
    ]


def test_signalering_plus_complete() -> None:
    assert progress(SIGNALERING_PLUS, _signalering_plus_complete()).is_complete


def test_signalering_plus_asks_for_a_contact_outside_office_hours() -> None:
    attempts = [a for a in _signalering_plus_complete() if not a.outside_office_hours]
    attempts.append(attempt(ContactKind.HOME_VISIT, at(4, 10)))
    assert progress(SIGNALERING_PLUS, attempts).missing == ["Een contactpoging buiten kantoortijd (nog 1)"]


def test_signalering_plus_asks_for_a_card_only_when_nobody_was_home() -> None:
    without_card = [a for a in _signalering_plus_complete() if a.kind != ContactKind.CARD]
    assert progress(SIGNALERING_PLUS, without_card).missing == [
        "Een kaartje als er niemand thuis was (nog 1)"
    ]
    reached_at_home = [
        Attempt(a.kind, a.at, True, a.outside_office_hours) if a.kind == ContactKind.HOME_VISIT else a
        for a in without_card
    ]
    assert progress(SIGNALERING_PLUS, reached_at_home).is_complete


def test_signalering_plus_lists_everything_for_a_fresh_case() -> None:
    assert progress(SIGNALERING_PLUS, []).missing == [
        "Een brief (nog 1)",
        "Minstens 2 keer bellen (nog 2)",
        "Een WhatsApp-belpoging (nog 1)",
        "Een WhatsApp-bericht of sms (nog 1)",
        "Minstens 2 huisbezoeken (nog 2)",
        "Een contactpoging buiten kantoortijd (nog 1)",
    ]


def test_office_hours() -> None:
    assert not is_outside_office_hours(at(0, 8))
    assert not is_outside_office_hours(at(0, 16, 59))
    assert is_outside_office_hours(at(0, 17))
    assert is_outside_office_hours(at(0, 7, 59))
    assert is_outside_office_hours(at(5, 11))  # Saturday
    assert is_outside_office_hours(at(6, 11))  # Sunday


@given(kinds=st.lists(st.sampled_from(list(ContactKind)), min_size=1, max_size=12), hour=st.integers(0, 23))
def test_another_attempt_never_undoes_progress(kinds: list[ContactKind], hour: int) -> None:
    attempts = [attempt(kind, at(index % 7, hour)) for index, kind in enumerate(kinds)]
    for protocol in (HAARLEM, SIGNALERING_PLUS):
        before = progress(protocol, attempts[:-1]).requirements
        after = progress(protocol, attempts).requirements
        assert all(later.done >= earlier.done for earlier, later in zip(before, after, strict=True))
