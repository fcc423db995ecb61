"""The geometry of the server-rendered bar chart."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eropaf.reporting.charts import Category, Series, nice_step, stacked_bar_chart, value_axis


@pytest.mark.parametrize(
    ("raw", "step"), [(0, 1), (0.4, 1), (1, 1), (1.2, 2), (3, 5), (4.6, 5), (7, 10), (126, 200), (2001, 5000)]
)
def test_steps_are_one_two_or_five_times_a_power_of_ten(raw: float, step: int) -> None:
    assert nice_step(raw) == step


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (0, [0, 1]),
        (3, [0, 1, 2, 3]),
        (23, [0, 5, 10, 15, 20, 25]),
        (77, [0, 20, 40, 60, 80]),
        (630, [0, 200, 400, 600, 800]),
    ],
)
def test_the_value_axis_covers_the_maximum_in_round_steps(maximum: int, ticks: list[int]) -> None:
    assert value_axis(maximum) == ticks


def months(count: int) -> list[Category]:
    return [Category(label=f"m{index}") for index in range(count)]


def test_segments_stack_from_the_base_line_in_series_order() -> None:
    chart = stacked_bar_chart(
        categories=months(2),
        series=[Series("rent", "Huur", [10, 0]), Series("energy", "Energie", [30, 20])],
        width=500,
        height=240,
    )

    first, second, third = chart.segments
    assert (first.series_key, second.series_key, third.series_key) == ("rent", "energy", "energy")
    assert first.y + first.height == pytest.approx(chart.plot_bottom)
    assert second.y + second.height == pytest.approx(first.y)
    assert first.x == second.x
    # 40 of a scale of 40 fills the plot; 20 fills half of it.
    assert chart.scale_max == 40
    assert second.y == pytest.approx(chart.plot_top)
    assert third.height == pytest.approx((chart.plot_bottom - chart.plot_top) / 2)
    assert [category.total for category in chart.categories] == [40, 20]


def test_a_zero_draws_no_segment_and_an_empty_series_is_left_out_of_the_legend() -> None:
    chart = stacked_bar_chart(
        categories=months(3),
        series=[Series("rent", "Huur", [1, 2, 3]), Series("water", "Water", [0, 0, 0])],
    )

    assert {segment.series_key for segment in chart.segments} == {"rent"}
    assert [series.key for series in chart.legend] == ["rent"]


def test_an_empty_chart_has_an_axis_but_no_bars() -> None:
    chart = stacked_bar_chart(categories=months(12), series=[])

    assert chart.is_empty
    assert [tick.value for tick in chart.ticks] == [0, 1]
    assert len(chart.categories) == 12


def test_the_tooltip_names_series_and_category() -> None:
    chart = stacked_bar_chart(categories=[Category("jan", "2026")], series=[Series("rent", "Huur", [4])])

    assert chart.segments[0].series_label == "Huur"
    assert chart.segments[0].category_label == "jan 2026"


@pytest.mark.parametrize("values", [[1], [1, 2, 3]])
def test_every_series_needs_one_value_per_category(values: list[int]) -> None:
    with pytest.raises(ValueError, match="categories"):
        stacked_bar_chart(categories=months(2), series=[Series("rent", "Huur", values)])


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        stacked_bar_chart(categories=months(1), series=[Series("rent", "Huur", [-1])])


@given(
    st.lists(
        st.lists(st.integers(min_value=0, max_value=10_000), min_size=6, max_size=6),
        min_size=1,
        max_size=5,
    )
)
def test_bars_stay_inside_the_plot_and_are_as_tall_as_their_share(rows: list[list[int]]) -> None:
    series = [Series(f"s{index}", f"S{index}", values) for index, values in enumerate(rows)]
    chart = stacked_bar_chart(categories=months(6), series=series)
    plot_height = chart.plot_bottom - chart.plot_top

    for segment in chart.segments:
        assert chart.plot_left <= segment.x
        assert segment.x + segment.width <= chart.plot_right + 0.01
        assert chart.plot_top - 0.01 <= segment.y
        assert segment.y + segment.height <= chart.plot_bottom + 0.01
        assert segment.height == pytest.approx(plot_height * segment.value / chart.scale_max, abs=0.02)
    assert chart.scale_max >= max(sum(column) for column in zip(*rows, strict=True))
