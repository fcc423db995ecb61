"""Geometry of a stacked bar chart that a template draws as inline SVG. Pure Python, no ORM, no JS.

The template (``reporting/includes/bar_chart.html``) only places what is computed here; colours
come from CSS classes per series so the chart follows the theme and the content security policy.
"""

import math
from dataclasses import dataclass

# Room around the plot for the value axis (left) and the category labels (below).
MARGIN_LEFT = 48.0
MARGIN_RIGHT = 8.0
MARGIN_TOP = 12.0
MARGIN_BOTTOM = 40.0
BAR_SHARE = 0.7  # of each category's slot; the rest is the gap between bars


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    values: list[int]


@dataclass(frozen=True)
class Category:
    label: str
    sublabel: str = ""


@dataclass(frozen=True)
class Segment:
    series_key: str
    series_label: str
    category_label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class CategoryLabel:
    x: float
    label: str
    sublabel: str
    total: int


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class StackedBarChart:
    width: float
    height: float
    plot_left: float
    plot_right: float
    plot_top: float
    plot_bottom: float
    scale_max: int
    segments: list[Segment]
    categories: list[CategoryLabel]
    ticks: list[Tick]
    legend: list[Series]

    @property
    def tick_label_x(self) -> float:
        return self.plot_left - 8

    @property
    def label_y(self) -> float:
        return self.plot_bottom + 16

    @property
    def sublabel_y(self) -> float:
        return self.plot_bottom + 32

    @property
    def is_empty(self) -> bool:
        return not self.segments


def nice_step(raw: float) -> int:
    """The smallest whole 1, 2 or 5 × 10ⁿ that is at least ``raw``."""
    if raw <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    raise AssertionError("unreachable: 10 × magnitude always covers raw")  # pragma: no cover


def value_axis(maximum: int, *, max_steps: int = 5) -> list[int]:
    """Tick values from 0 to just above ``maximum`` in at most ``max_steps`` round steps."""
    step = nice_step(max(maximum, 1) / max_steps)
    steps = max(math.ceil(maximum / step), 1)
    return [step * index for index in range(steps + 1)]


def stacked_bar_chart(
    *,
    categories: list[Category],
    series: list[Series],
    width: float = 960,
    height: float = 280,
) -> StackedBarChart:
    """Bars per category with one segment per series, stacked in the order of ``series``."""
    for item in series:
        if len(item.values) != len(categories):
            raise ValueError(
                f"series {item.key!r} has {len(item.values)} values for {len(categories)} categories"
            )
        if any(value < 0 for value in item.values):
            raise ValueError(f"series {item.key!r} has a negative value")
    totals = [sum(item.values[index] for item in series) for index in range(len(categories))]
    tick_values = value_axis(max(totals, default=0))
    scale_max = tick_values[-1]
    left, right = MARGIN_LEFT, width - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, height - MARGIN_BOTTOM
    slot = (right - left) / max(len(categories), 1)
    bar_width = slot * BAR_SHARE

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * value / scale_max

    segments: list[Segment] = []
    labels: list[CategoryLabel] = []
    for index, category in enumerate(categories):
        x = left + slot * index + (slot - bar_width) / 2
        stacked = 0
        for item in series:
            value = item.values[index]
            if value == 0:
                continue
            y = y_of(stacked + value)
            segments.append(
                Segment(
                    series_key=item.key,
                    series_label=item.label,
                    category_label=f"{category.label} {category.sublabel}".strip(),
                    value=value,
                    x=round(x, 2),
                    y=round(y, 2),
                    width=round(bar_width, 2),
                    height=round(y_of(stacked) - y, 2),
                )
            )
            stacked += value
        labels.append(
            CategoryLabel(
                x=round(left + slot * index + slot / 2, 2),
                label=category.label,
                sublabel=category.sublabel,
                total=totals[index],
            )
        )
    return StackedBarChart(
        width=width,
        height=height,
        plot_left=left,
        plot_right=right,
        plot_top=top,
        plot_bottom=bottom,
        scale_max=scale_max,
        segments=segments,
        categories=labels,
        ticks=[Tick(y=round(y_of(value), 2), value=value) for value in tick_values],
        legend=[item for item in series if any(item.values)],
    )
