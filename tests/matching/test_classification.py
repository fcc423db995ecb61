"""The classes of a month's signals and cases, from the history (pure Polars, no database)."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

import polars as pl
import pytest
from django.utils import translation

from eropaf.cases.reasons import explain, explain_all
from eropaf.core.periods import shift_months
from eropaf.matching.classification import (
    CURRENT_SCHEMA,
    HISTORY_SCHEMA,
    Classified,
    Windows,
    case_reasons,
    class_counts,
    classify,
    signal_reasons,
)

PERIOD = dt.date(2026, 10, 1)
RENT, ENERGY, OTHER_RENT = 1, 2, 3
DEFAULT = Windows()
# Every window different and the history reaching further back than each one alone.
CUSTOM = Windows(consecutive_months=2, persistent_months=4, repeat_months=3)
WIDE_HISTORY = Windows(consecutive_months=12, persistent_months=3, repeat_months=3)


def text(months: int) -> str:
    return f"{shift_months(PERIOD, -months):%Y-%m}"


def now(
    signal_id: int,
    *,
    address: str = "A",
    partner: int = RENT,
    reference: str = "R1",
    signal_type: str = "rent",
    euros: int = 500,
    crisis: bool = False,
    end_of_supply: bool = False,
    withdrawn: bool = False,
) -> dict[str, Any]:
    return {
        "id": signal_id,
        "address_key": address,
        "partner_id": partner,
        "reference": reference,
        "signal_type": signal_type,
        "amount_cents": euros * 100,
        "is_crisis": crisis,
        "is_end_of_supply": end_of_supply,
        "is_withdrawn": withdrawn,
    }


def before(
    months: int,
    *,
    address: str = "A",
    partner: int = RENT,
    reference: str = "R1",
    signal_type: str = "rent",
    euros: int = 500,
) -> dict[str, Any]:
    return {
        "period": shift_months(PERIOD, -months),
        "address_key": address,
        "partner_id": partner,
        "reference": reference,
        "signal_type": signal_type,
        "amount_cents": euros * 100,
    }


Rows = Sequence[dict[str, Any]]


def run(current: Rows, history: Rows = (), windows: Windows = DEFAULT) -> Classified:
    return classify(
        pl.DataFrame(list(current), schema=CURRENT_SCHEMA),
        pl.DataFrame(list(history), schema=HISTORY_SCHEMA),
        period=PERIOD,
        windows=windows,
    )


def case_of(classified: Classified, address: str = "A") -> dict[str, Any]:
    rows = classified.cases.filter(pl.col("address_key") == address).to_dicts()
    assert len(rows) == 1, rows
    return rows[0]


def signal_of(classified: Classified, signal_id: int) -> dict[str, Any]:
    (row,) = classified.signals.filter(pl.col("id") == signal_id).to_dicts()
    return row


def one_case(current: Rows, history: Rows = (), windows: Windows = DEFAULT) -> dict[str, Any]:
    return case_of(run(current, history, windows))


def one_signal(history: Rows, windows: Windows = DEFAULT, **signal: Any) -> dict[str, Any]:
    return signal_of(run([now(1, **signal)], history, windows), 1)


# --- multiple ------------------------------------------------------------------------------------------


def test_one_signal_on_the_address_is_single() -> None:
    case = one_case([now(1)])
    assert (case["is_multiple"], case["active_count"], case["signal_count"]) == (False, 1, 1)


def test_two_signals_on_the_address_are_multiple() -> None:
    case = one_case([now(1), now(2, partner=ENERGY, signal_type="energy", euros=120)])
    assert (case["is_multiple"], case["active_count"]) == (True, 2)
    assert case["total_amount_cents"] == 62_000


def test_a_withdrawn_signal_does_not_make_a_case_multiple_nor_count_in_the_total() -> None:
    case = one_case([now(1), now(2, partner=ENERGY, signal_type="energy", euros=120, withdrawn=True)])
    assert (case["is_multiple"], case["signal_count"], case["active_count"]) == (False, 2, 1)
    assert case["total_amount_cents"] == 50_000
    assert case["is_withdrawn"] is False


def test_two_addresses_stay_apart() -> None:
    classified = run(
        [now(1, address="A"), now(2, address="B", reference="R2"), now(3, address="B", reference="R3")]
    )
    assert classified.cases["address_key"].to_list() == ["A", "B"]
    assert case_of(classified, "A")["is_multiple"] is False
    assert case_of(classified, "B")["is_multiple"] is True
    assert case_of(classified, "A")["total_amount_cents"] == 50_000
    assert case_of(classified, "B")["total_amount_cents"] == 100_000


# --- consecutive ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("windows", [DEFAULT, CUSTOM, WIDE_HISTORY], ids=["default", "custom", "wide"])
def test_a_signal_on_the_address_exactly_the_window_back_makes_the_case_consecutive(windows: Windows) -> None:
    months = windows.consecutive_months
    case = one_case([now(1)], [before(months, partner=ENERGY, reference="X")], windows=windows)
    assert case["is_consecutive"] is True
    assert case["last_period"] == text(months)


@pytest.mark.parametrize("windows", [DEFAULT, CUSTOM, WIDE_HISTORY], ids=["default", "custom", "wide"])
def test_a_signal_one_month_beyond_the_window_does_not_make_the_case_consecutive(windows: Windows) -> None:
    case = one_case([now(1)], [before(windows.consecutive_months + 1)], windows=windows)
    assert case["is_consecutive"] is False
    assert case["last_period"] is None


def test_the_window_is_applied_even_when_the_history_reaches_further() -> None:
    # CUSTOM reads 3 months (repeat and persistent), but looks back only 2 for consecutive.
    assert CUSTOM.history_months == 3
    assert one_case([now(1)], [before(3)], windows=CUSTOM)["is_consecutive"] is False
    assert one_case([now(1)], [before(2)], windows=CUSTOM)["is_consecutive"] is True


def test_a_signal_in_the_same_month_is_not_consecutive() -> None:
    case = one_case([now(1)], [before(0, partner=ENERGY, reference="X")])
    assert case["is_consecutive"] is False


def test_a_signal_on_another_address_is_not_consecutive() -> None:
    assert one_case([now(1)], [before(1, address="B")])["is_consecutive"] is False


def test_a_later_month_in_the_history_is_ignored() -> None:
    assert one_case([now(1)], [before(-1), before(-2)])["is_consecutive"] is False


def test_the_last_period_is_the_latest_earlier_month() -> None:
    case = one_case([now(1)], [before(4), before(2, euros=600), before(5)])
    assert case["last_period"] == text(2)
    assert {"code": "consecutive", "last_period": text(2), "months": 6} in case_reasons(case, windows=DEFAULT)


# --- persistent ----------------------------------------------------------------------------------------


def test_signals_on_the_address_in_each_of_the_last_three_months_make_the_case_persistent() -> None:
    history = [before(1, partner=ENERGY, reference="E"), before(2, partner=OTHER_RENT, reference="X")]
    case = one_case([now(1)], history)
    assert case["is_persistent"] is True


@pytest.mark.parametrize("months", [[2], [1], [2, 3], [1, 3], [2, 3, 4]])
def test_a_gap_in_the_last_three_months_is_not_persistent(months: list[int]) -> None:
    case = one_case([now(1)], [before(month) for month in months])
    assert case["is_persistent"] is False


def test_several_signals_in_one_month_count_as_one_month() -> None:
    history = [before(1), before(1, partner=ENERGY, reference="E")]
    assert one_case([now(1)], history)["is_persistent"] is False


def test_with_four_months_persistent_needs_the_three_months_before() -> None:
    assert one_case([now(1)], [before(1), before(2)], windows=CUSTOM)["is_persistent"] is False
    assert one_case([now(1)], [before(1), before(2), before(3)], windows=CUSTOM)["is_persistent"] is True
    assert one_case([now(1)], [before(1), before(3), before(4)], windows=CUSTOM)["is_persistent"] is False


def test_persistent_reads_back_far_enough_when_the_other_windows_are_short() -> None:
    windows = Windows(consecutive_months=1, persistent_months=5, repeat_months=1)
    history = [before(month, partner=ENERGY, reference="E") for month in (1, 2, 3, 4)]
    assert one_case([now(1)], history, windows=windows)["is_persistent"] is True
    assert one_case([now(1)], history[:3], windows=windows)["is_persistent"] is False


def test_a_signal_is_persistent_when_its_own_arrear_was_signalled_in_each_month() -> None:
    signal = one_signal([before(1), before(2, euros=400)])
    assert signal["is_persistent"] is True
    assert {"code": "persistent", "months": 3} in signal_reasons(signal, windows=DEFAULT)


def test_a_signal_is_not_persistent_when_another_arrear_filled_a_month() -> None:
    history = [before(1), before(2, partner=ENERGY, signal_type="energy", reference="E")]
    classified = run([now(1)], history)
    assert case_of(classified)["is_persistent"] is True
    assert signal_of(classified, 1)["is_persistent"] is False


def test_a_signal_with_four_month_persistence_needs_its_arrear_in_each_of_three_months() -> None:
    assert one_signal([before(1), before(2)], windows=CUSTOM)["is_persistent"] is False
    assert one_signal([before(1), before(2), before(3)], windows=CUSTOM)["is_persistent"] is True


# --- rising --------------------------------------------------------------------------------------------


def test_a_higher_amount_than_the_same_reference_last_month_is_rising() -> None:
    signal = one_signal([before(1, euros=400)], euros=500)
    assert (signal["is_rising"], signal["is_repeat"]) == (True, False)
    assert signal_reasons(signal, windows=DEFAULT)[0] == {
        "code": "rising",
        "amount_cents": 50_000,
        "previous_amount_cents": 40_000,
        "previous_period": text(1),
        "by": "reference",
    }


def test_the_same_reference_of_another_partner_is_another_arrear() -> None:
    signal = one_signal([before(1, partner=OTHER_RENT, euros=400)], euros=500)
    assert (signal["has_previous"], signal["is_rising"], signal["is_repeat"]) == (False, False, False)


def test_a_new_reference_of_the_same_partner_and_type_on_the_address_is_the_same_arrear() -> None:
    signal = one_signal([before(1, reference="OLD", euros=400)], reference="NEW", euros=500)
    assert signal["is_rising"] is True
    assert signal_reasons(signal, windows=DEFAULT)[0]["by"] == "type"


def test_the_fallback_by_type_needs_the_same_address_and_type() -> None:
    assert (
        one_signal([before(1, reference="OLD", address="B", euros=400)], reference="NEW")["has_previous"]
        is False
    )
    assert (
        one_signal([before(1, reference="OLD", signal_type="water", euros=400)], reference="NEW")[
            "has_previous"
        ]
        is False
    )


def test_the_previous_signal_is_the_latest_month_not_an_older_higher_amount() -> None:
    signal = one_signal([before(2, euros=900), before(1, euros=400)], euros=500)
    assert signal["is_rising"] is True
    assert (signal["previous_amount_cents"], signal["previous_period"]) == (40_000, text(1))


def test_the_latest_month_may_lie_further_back_than_last_month() -> None:
    signal = one_signal([before(4, euros=900), before(3, euros=400)], euros=500)
    assert (signal["is_rising"], signal["previous_period"]) == (True, text(3))


def test_several_signals_of_the_arrear_in_the_previous_month_compare_with_the_highest() -> None:
    history = [before(1, euros=400), before(1, euros=600)]
    assert one_signal(history, euros=500)["is_repeat"] is True
    assert one_signal(history, euros=500)["previous_amount_cents"] == 60_000
    assert one_signal(history, euros=700)["is_rising"] is True


@pytest.mark.parametrize("windows", [DEFAULT, WIDE_HISTORY], ids=["default", "wide"])
def test_a_previous_signal_exactly_the_repeat_window_back_counts(windows: Windows) -> None:
    months = windows.repeat_months
    signal = one_signal([before(months, euros=400)], windows=windows)
    assert (signal["is_rising"], signal["previous_period"]) == (True, text(months))


@pytest.mark.parametrize("windows", [DEFAULT, WIDE_HISTORY], ids=["default", "wide"])
def test_a_previous_signal_one_month_beyond_the_repeat_window_does_not_count(windows: Windows) -> None:
    signal = one_signal([before(windows.repeat_months + 1, euros=400)], windows=windows)
    assert (signal["has_previous"], signal["is_rising"], signal["is_repeat"]) == (False, False, False)
    # Still an earlier signal on the address within the consecutive window of WIDE_HISTORY.
    case = one_case([now(1)], [before(windows.repeat_months + 1, euros=400)], windows=windows)
    assert case["is_consecutive"] is (windows is WIDE_HISTORY)


def test_a_case_is_rising_when_one_active_signal_rises() -> None:
    history = [
        before(1, euros=400),
        before(1, partner=ENERGY, signal_type="energy", reference="E", euros=300),
    ]
    current = [now(1), now(2, partner=ENERGY, signal_type="energy", reference="E", euros=300)]
    case = one_case(current, history)
    assert (case["is_rising"], case["rising_count"], case["is_repeat"]) == (True, 1, False)
    assert {"code": "rising", "count": 1} in case_reasons(case, windows=DEFAULT)


def test_a_withdrawn_rising_signal_does_not_make_the_case_rising() -> None:
    case = one_case([now(1, withdrawn=True), now(2, partner=ENERGY, reference="E")], [before(1, euros=400)])
    assert case["is_rising"] is False


# --- repeat --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("euros", [500, 499, 100])
def test_an_equal_or_lower_amount_of_the_same_arrear_is_a_repeat(euros: int) -> None:
    classified = run([now(1, euros=euros)], [before(1, euros=500)])
    signal = signal_of(classified, 1)
    assert (signal["is_repeat"], signal["is_rising"]) == (True, False)
    case = case_of(classified)
    assert (case["is_repeat"], case["not_picked_up_as_repeat"]) == (True, True)
    assert signal_reasons(signal, windows=DEFAULT)[0]["code"] == "repeat"


def test_a_case_is_a_repeat_only_when_every_active_signal_repeats() -> None:
    history = [before(1), before(1, partner=ENERGY, signal_type="energy", reference="E", euros=300)]
    both = one_case([now(1), now(2, partner=ENERGY, signal_type="energy", reference="E", euros=200)], history)
    assert (both["is_repeat"], both["repeat_count"], both["not_picked_up_as_repeat"]) == (True, 2, True)
    one_new = one_case(
        [now(1), now(2, partner=ENERGY, signal_type="energy", reference="NEW-ARREAR")], history[:1]
    )
    assert (one_new["is_repeat"], one_new["repeat_count"], one_new["not_picked_up_as_repeat"]) == (
        False,
        1,
        False,
    )


def test_a_withdrawn_new_signal_does_not_keep_a_repeat_case_open() -> None:
    current = [now(1), now(2, partner=ENERGY, signal_type="energy", reference="E", withdrawn=True)]
    case = one_case(current, [before(1)])
    assert (case["is_repeat"], case["not_picked_up_as_repeat"]) == (True, True)


def test_a_crisis_signal_in_the_case_prevents_not_picking_it_up() -> None:
    case = one_case([now(1, crisis=True)], [before(1)])
    assert (case["is_repeat"], case["is_crisis"], case["not_picked_up_as_repeat"]) == (True, True, False)
    assert {"code": "repeat", "count": 1, "crisis": True} in case_reasons(case, windows=DEFAULT)
    history = [before(1), before(1, partner=ENERGY, signal_type="energy", reference="E")]
    other = one_case(
        [now(1), now(2, partner=ENERGY, signal_type="energy", reference="E", crisis=True)], history
    )
    assert (other["is_repeat"], other["not_picked_up_as_repeat"]) == (True, False)


def test_a_withdrawn_crisis_signal_does_not_count_as_crisis() -> None:
    case = one_case([now(1), now(2, partner=ENERGY, reference="E", crisis=True, withdrawn=True)], [before(1)])
    assert (case["is_crisis"], case["not_picked_up_as_repeat"]) == (False, True)


def test_a_case_whose_signals_are_all_withdrawn_is_withdrawn_not_a_repeat() -> None:
    case = one_case([now(1, withdrawn=True)], [before(1)])
    assert (case["is_withdrawn"], case["is_repeat"], case["not_picked_up_as_repeat"]) == (True, False, False)
    assert case["total_amount_cents"] == 0
    assert {"code": "withdrawn"} in case_reasons(case, windows=DEFAULT)


# --- end of supply without an earlier signal -----------------------------------------------------------


def test_end_of_supply_without_an_earlier_signal_of_the_arrear() -> None:
    classified = run(
        [now(1, partner=ENERGY, signal_type="energy", reference="E", end_of_supply=True)],
        [before(1)],  # the rent arrear on the address is another arrear
    )
    assert signal_of(classified, 1)["is_end_of_supply_first"] is True
    assert case_of(classified)["is_end_of_supply_first"] is True
    assert signal_reasons(signal_of(classified, 1), windows=DEFAULT) == [
        {"code": "end_of_supply_first", "months": 6}
    ]


def test_end_of_supply_after_an_earlier_signal_of_the_arrear() -> None:
    history = [before(2, partner=ENERGY, signal_type="energy", reference="E")]
    classified = run(
        [now(1, partner=ENERGY, signal_type="energy", reference="E", end_of_supply=True)], history
    )
    assert signal_of(classified, 1)["is_end_of_supply_first"] is False
    assert case_of(classified)["is_end_of_supply_first"] is False


def test_end_of_supply_after_a_signal_beyond_the_repeat_window_is_first() -> None:
    history = [before(4, partner=ENERGY, signal_type="energy", reference="E")]
    current = [now(1, partner=ENERGY, signal_type="energy", reference="E", end_of_supply=True)]
    assert signal_of(run(current, history, WIDE_HISTORY), 1)["is_end_of_supply_first"] is True
    history = [before(3, partner=ENERGY, signal_type="energy", reference="E")]
    assert signal_of(run(current, history, WIDE_HISTORY), 1)["is_end_of_supply_first"] is False


def test_a_signal_without_end_of_supply_is_never_end_of_supply_first() -> None:
    assert one_signal([])["is_end_of_supply_first"] is False


def test_a_withdrawn_end_of_supply_signal_does_not_mark_the_case() -> None:
    case = one_case([now(1), now(2, partner=ENERGY, reference="E", end_of_supply=True, withdrawn=True)])
    assert case["is_end_of_supply_first"] is False


# --- crisis and withdrawn ------------------------------------------------------------------------------


def test_crisis_and_withdrawn_come_with_the_signals() -> None:
    classified = run(
        [
            now(1, address="A", crisis=True),
            now(2, address="B", reference="R2", withdrawn=True),
            now(3, address="B", reference="R3", withdrawn=True),
            now(4, address="C", reference="R4", withdrawn=True),
            now(5, address="C", reference="R5"),
        ]
    )
    assert (case_of(classified, "A")["is_crisis"], case_of(classified, "A")["is_withdrawn"]) == (True, False)
    assert (case_of(classified, "B")["is_crisis"], case_of(classified, "B")["is_withdrawn"]) == (False, True)
    assert case_of(classified, "C")["is_withdrawn"] is False  # not every signal withdrawn


# --- counts, reasons and their sentences ---------------------------------------------------------------


def test_class_counts_of_no_cases_are_zero() -> None:
    counts = class_counts(run([]).cases)
    assert set(counts) == {
        "single",
        "multiple",
        "consecutive",
        "persistent",
        "rising",
        "repeat",
        "end_of_supply_first",
        "crisis",
        "withdrawn",
    }
    assert set(counts.values()) == {0}


def test_class_counts_count_cases_per_class() -> None:
    classified = run(
        [
            now(1, address="A", euros=600),
            now(2, address="A", partner=ENERGY, signal_type="energy", reference="E", end_of_supply=True),
            now(3, address="B", reference="R2", crisis=True),
            now(4, address="C", reference="R3", withdrawn=True),
        ],
        [
            before(1, address="A", euros=500),
            before(2, address="A", euros=500),
            before(1, address="B", reference="R2"),
        ],
    )
    assert class_counts(classified.cases) == {
        "single": 2,
        "multiple": 1,
        "consecutive": 2,
        "persistent": 1,
        "rising": 1,
        "repeat": 1,
        "end_of_supply_first": 1,
        "crisis": 1,
        "withdrawn": 1,
    }


def test_case_reasons_name_every_class_of_the_case_in_order() -> None:
    history = [
        before(1, euros=400),
        before(2, euros=300),
        before(1, partner=ENERGY, signal_type="energy", reference="E"),
    ]
    case = one_case(
        [
            now(1, euros=500),
            now(2, partner=ENERGY, signal_type="energy", reference="E", crisis=True),
            now(3, partner=OTHER_RENT, reference="X", end_of_supply=True),
        ],
        history,
    )
    assert case_reasons(case, windows=DEFAULT) == [
        {"code": "multiple", "count": 3},
        {"code": "consecutive", "last_period": text(1), "months": 6},
        {"code": "persistent", "months": 3},
        {"code": "rising", "count": 1},
        {"code": "end_of_supply_first"},
        {"code": "crisis"},
    ]


def test_case_reasons_of_a_plain_case_say_single_only() -> None:
    assert case_reasons(one_case([now(1)]), windows=DEFAULT) == [{"code": "single"}]


def test_case_reasons_carry_the_windows_of_the_municipality() -> None:
    case = one_case([now(1)], [before(1), before(2), before(3)], windows=CUSTOM)
    reasons = case_reasons(case, windows=CUSTOM)
    assert {"code": "consecutive", "last_period": text(1), "months": 2} in reasons
    assert {"code": "persistent", "months": 4} in reasons
    assert {"code": "repeat", "count": 1, "crisis": False} in reasons


def test_signal_reasons_of_a_repeat_by_type() -> None:
    signal = one_signal([before(2, reference="OLD", euros=700)], reference="NEW", euros=500)
    assert signal_reasons(signal, windows=DEFAULT) == [
        {
            "code": "repeat",
            "amount_cents": 50_000,
            "previous_amount_cents": 70_000,
            "previous_period": text(2),
            "by": "type",
        }
    ]


def test_signal_reasons_of_a_new_signal_are_empty() -> None:
    assert signal_reasons(one_signal([]), windows=DEFAULT) == []


ENGLISH = {
    "single": ({"code": "single"}, "Single: one signal on this address in this month."),
    "multiple": ({"code": "multiple", "count": 3}, "Multiple: 3 signals on this address in this month."),
    "multiple one": ({"code": "multiple", "count": 1}, "Multiple: 1 signal on this address in this month."),
    "consecutive": (
        {"code": "consecutive", "last_period": "2026-08", "months": 6},
        "Consecutive: an earlier signal on this address in the previous 6 months (last in 2026-08).",
    ),
    "consecutive one month": (
        {"code": "consecutive", "last_period": "2026-09", "months": 1},
        "Consecutive: an earlier signal on this address in the previous month (last in 2026-09).",
    ),
    "persistent": ({"code": "persistent", "months": 3}, "Persistent: signals in each of the last 3 months."),
    "rising signal": (
        {
            "code": "rising",
            "amount_cents": 123_456,
            "previous_amount_cents": 40_000,
            "previous_period": "2026-09",
            "by": "reference",
        },
        "Rising: € 1.234,56, more than the € 400,00 of 2026-09 (the same reference).",
    ),
    "rising case": ({"code": "rising", "count": 2}, "Rising: 2 signals with a higher amount than before."),
    "repeat signal": (
        {
            "code": "repeat",
            "amount_cents": 50_000,
            "previous_amount_cents": 60_000,
            "previous_period": "2026-07",
            "by": "type",
        },
        (
            "Repeat: the same arrear as in 2026-07 (the same type on this address); "
            "€ 500,00 did not rise above € 600,00."
        ),
    ),
    "repeat case": (
        {"code": "repeat", "count": 1, "crisis": False},
        "Repeat: every signal repeats an arrear that did not rise, so no new outreach.",
    ),
    "repeat crisis": (
        {"code": "repeat", "count": 1, "crisis": True},
        "Repeat of the same arrear without a rise, but a crisis signal: picked up.",
    ),
    "end of supply": (
        {"code": "end_of_supply_first", "months": 6},
        "End of supply without an earlier signal of this arrear.",
    ),
    "crisis": ({"code": "crisis"}, "Crisis signal."),
    "withdrawn": ({"code": "withdrawn"}, "Withdrawn: the partner withdrew every signal of this case."),
    "unknown": ({"code": "from_a_later_version"}, "from_a_later_version"),
}


@pytest.mark.parametrize(("reason", "sentence"), ENGLISH.values(), ids=ENGLISH.keys())
def test_explain_words_every_reason(reason: dict[str, object], sentence: str) -> None:
    # The Dutch catalogue has no compiled translation of these sentences (yet): English it is.
    with translation.override("en"):
        assert explain(reason) == sentence


def test_every_reason_classify_gives_has_a_sentence_of_its_own() -> None:
    history = [
        before(1, euros=400),
        before(2, euros=300),
        before(1, partner=ENERGY, signal_type="energy", reference="E"),
    ]
    classified = run(
        [
            now(1, euros=500),
            now(2, partner=ENERGY, signal_type="energy", reference="E", crisis=True),
            now(3, partner=OTHER_RENT, reference="X", end_of_supply=True),
            now(4, address="B", withdrawn=True),
        ],
        history,
    )
    reasons = [
        reason for row in classified.cases.to_dicts() for reason in case_reasons(row, windows=DEFAULT)
    ] + [reason for row in classified.signals.to_dicts() for reason in signal_reasons(row, windows=DEFAULT)]
    codes = {str(reason["code"]) for reason in reasons}
    assert codes == {
        "single",
        "multiple",
        "consecutive",
        "persistent",
        "rising",
        "repeat",
        "end_of_supply_first",
        "crisis",
        "withdrawn",
    }
    with translation.override("en"):
        sentences = explain_all(reasons)
    assert len(sentences) == len(reasons)
    assert all(sentence not in codes and sentence.endswith(".") for sentence in sentences)


def test_explain_all_skips_what_is_not_a_reason() -> None:
    assert explain_all("not a list") == []
    with translation.override("en"):
        assert explain_all([{"code": "crisis"}, "junk"]) == ["Crisis signal."]


def test_the_same_reference_outranks_another_arrear_of_the_same_type_on_the_address() -> None:
    energy: dict[str, Any] = {"partner": ENERGY, "signal_type": "energy"}
    history = [before(1, reference="E1", euros=100, **energy), before(1, reference="E2", euros=300, **energy)]
    classified = run(
        [now(1, reference="E1", euros=200, **energy), now(2, reference="E2", euros=300, **energy)], history
    )
    rising = signal_of(classified, 1)
    assert (rising["is_rising"], rising["previous_amount_cents"]) == (True, 10_000)
    assert (case_of(classified)["is_rising"], case_of(classified)["not_picked_up_as_repeat"]) == (True, False)


def test_a_new_reference_is_compared_with_every_earlier_arrear_of_the_type_on_the_address() -> None:
    # The fallback itself: a partner that renumbered its references is still the same arrear.
    energy: dict[str, Any] = {"partner": ENERGY, "signal_type": "energy"}
    history = [before(1, reference="E1", euros=100, **energy), before(1, reference="E2", euros=300, **energy)]
    signal = signal_of(run([now(1, reference="NEW", euros=200, **energy)], history), 1)
    assert (signal["is_repeat"], signal["previous_amount_cents"], signal["previous_by_reference"]) == (
        True,
        30_000,
        False,
    )


def test_a_new_reference_does_not_fall_back_to_an_arrear_the_partner_still_signals() -> None:
    energy: dict[str, Any] = {"partner": ENERGY, "signal_type": "energy"}
    history = [before(1, reference="E1", euros=300, **energy)]
    classified = run(
        [now(1, reference="E1", euros=300, **energy), now(2, reference="E2", euros=400, **energy)], history
    )
    assert signal_of(classified, 1)["is_repeat"] is True
    second = signal_of(classified, 2)
    assert (second["has_previous"], second["is_rising"], second["is_repeat"]) == (False, False, False)
    assert case_of(classified)["is_repeat"] is False


def test_a_new_reference_falls_back_to_an_arrear_the_partner_no_longer_signals() -> None:
    energy: dict[str, Any] = {"partner": ENERGY, "signal_type": "energy"}
    history = [
        before(2, reference="E1", euros=300, **energy),
        before(1, reference="OLD", euros=350, **energy),
    ]
    classified = run(
        [now(1, reference="E1", euros=300, **energy), now(2, reference="NEW", euros=400, **energy)], history
    )
    second = signal_of(classified, 2)
    assert (second["is_rising"], second["previous_amount_cents"], second["previous_period"]) == (
        True,
        35_000,
        text(1),
    )
    assert signal_reasons(second, windows=DEFAULT)[0]["by"] == "type"
