"""Charts as server-side SVG: no JavaScript, readable without colour, themeable with CSS custom properties.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and ``<desc>``, drawn in a ``viewBox`` so
it scales with its container. Series are told apart by name on the chart (bars) or by a dashed line
(lines), not by colour alone. Every text is escaped before it is put in the SVG.

Colours: the Content-Security-Policy (``style-src 'self'``) refuses an inline ``<style>``, and a
presentation attribute cannot hold ``var()`` in every browser, so each shape carries its fallback
colour as a plain attribute and an ``app-chart__series-N`` class; ``CHART_CSS`` (in the app's
stylesheet) lets the theme's ``--app-chart-series-1`` … ``-4``, ``--app-chart-grid`` override them,
since any CSS rule beats a presentation attribute. Text is drawn in ``currentColor``.
"""

import datetime as dt
import math
import re
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

__all__ = [
    "CHART_CSS",
    "MONTH_ABBREVIATIONS",
    "format_month",
    "format_number",
    "grouped_bars",
    "monthly_lines",
    "nice_ticks",
]

MONTH_ABBREVIATIONS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
"""Dutch, written here so labels do not depend on the server's locale."""
NO_DATA = "Geen gegevens"
WIDTH = 640
FONT_SIZE = 13
CHARACTER_WIDTH = 7.2
"""An estimate of the mean width of a character at ``FONT_SIZE``, to leave room for labels."""
PADDING = 8
LEGEND_HEIGHT = 28
BAR_HEIGHT = 16
BAR_GAP = 4
CATEGORY_HEIGHT = 20
GROUP_GAP = 12
LINE_HEIGHT = 300
COLOURS = ("#01689b", "#e17000", "#42145f", "#275937")
"""Fallbacks: blue and orange stay apart for colour-blind readers; each has 3:1 contrast on white."""
GRID_COLOUR = "#d0d0d0"
CHART_CSS = "\n".join(
    [
        ".app-chart { display: block; inline-size: 100%; block-size: auto; }",
        f".app-chart__grid {{ stroke: var(--app-chart-grid, {GRID_COLOUR}); }}",
        *(
            f".app-chart__bar.app-chart__series-{number}, .app-chart__dot.app-chart__series-{number}"
            f" {{ fill: var(--app-chart-series-{number}, {colour}); }}\n"
            f".app-chart__line.app-chart__series-{number}"
            f" {{ stroke: var(--app-chart-series-{number}, {colour}); }}"
            for number, colour in enumerate(COLOURS, start=1)
        ),
    ]
)
"""The rules for the app's stylesheet that let a theme set the chart colours."""


def format_number(value: float, *, decimals: int = 0, grouped: bool = True) -> str:
    """Dutch notation: ``1.234,5``; ``grouped=False`` leaves out the thousands dots (``1234,5``)."""
    rounded = round(value, decimals)
    if rounded == 0:
        rounded = 0.0  # not "-0,0"
    text = f"{rounded:,.{decimals}f}" if grouped else f"{rounded:.{decimals}f}"
    return text.translate(str.maketrans(",.", ".,"))


def format_month(month: dt.date) -> str:
    """``jan 2026``."""
    return f"{MONTH_ABBREVIATIONS[month.month - 1]} {month.year}"


def nice_ticks(maximum: float, count: int = 5) -> list[float]:
    """About ``count`` ticks from 0 at a round step (1, 2, 2.5 or 5 times a power of ten) past ``maximum``."""
    if maximum <= 0 or not math.isfinite(maximum):
        return [0.0, 1.0]
    raw = maximum / max(1, count - 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(factor * magnitude for factor in (1, 2, 2.5, 5, 10) if factor * magnitude >= raw)
    steps = math.ceil(maximum / step - 1e-9)
    return [round(index * step, 10) for index in range(steps + 1)]


def grouped_bars(
    title: str,
    description: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    unit: str = "",
    *,
    identifier: str,
) -> SafeString:
    """Horizontal bars: per category a label and one bar per series, each bar named and its value written."""
    _check(categories, series)
    chart_id = _chart_id(identifier)
    if not categories or not series:
        return _empty(chart_id, title, description)
    values = [value for _, numbers in series for value in numbers]
    largest = max(*values, 0)
    names_width = min(160, max(len(name) for name, _ in series) * CHARACTER_WIDTH + 2 * PADDING)
    values_width = max(len(_value_text(value, unit)) for value in values) * CHARACTER_WIDTH + PADDING
    bar_left = PADDING + names_width
    scale = (WIDTH - bar_left - values_width - PADDING) / largest if largest else 0.0
    group_height = CATEGORY_HEIGHT + len(series) * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP
    height = LEGEND_HEIGHT + len(categories) * group_height + PADDING
    parts = [_legend(series)]
    for index, category in enumerate(categories):
        top = LEGEND_HEIGHT + index * group_height
        parts.append(
            f'<text x="{PADDING}" y="{top + FONT_SIZE + 2}" font-weight="bold">{escape(category)}</text>'
        )
        for number, (name, numbers) in enumerate(series):
            value = numbers[index]
            y = top + CATEGORY_HEIGHT + number * (BAR_HEIGHT + BAR_GAP)
            width = max(value, 0) * scale
            text = _value_text(value, unit)
            baseline = _f(y + BAR_HEIGHT - 4)
            parts.append(
                f'<text x="{PADDING}" y="{baseline}">{escape(name)}</text>'
                f'<rect {_paint("bar", number)} x="{_f(bar_left)}" y="{y}" width="{_f(width)}"'
                f' height="{BAR_HEIGHT}"><title>{escape(f"{category}, {name}: {text}")}</title></rect>'
                f'<text x="{_f(bar_left + width + 4)}" y="{baseline}">{escape(text)}</text>'
            )
    return _svg(chart_id, title, description, height, parts)


def monthly_lines(
    title: str,
    description: str,
    months: Sequence[dt.date],
    series: Sequence[tuple[str, Sequence[float]]],
    unit: str,
    *,
    identifier: str,
) -> SafeString:
    """A line per series over the months, with a y axis at round numbers; the first series solid,
    the others dashed, so they differ without colour."""
    _check(months, series)
    chart_id = _chart_id(identifier)
    if not months or not series:
        return _empty(chart_id, title, description)
    ticks = nice_ticks(max(value for _, numbers in series for value in numbers))
    # Room at the right for half of a month label centred on the last month.
    left, right, top, bottom = 64, 36, LEGEND_HEIGHT + 16, 32
    plot_width, plot_height = WIDTH - left - right, LINE_HEIGHT - top - bottom

    def x_of(index: int) -> float:
        return left + (index * plot_width / (len(months) - 1) if len(months) > 1 else plot_width / 2)

    def y_of(value: float) -> float:
        return top + plot_height - max(value, 0) / ticks[-1] * plot_height

    parts = [_legend(series, lines=True)]
    if unit:
        parts.append(f'<text x="{PADDING}" y="{top - 10}">{escape(unit)}</text>')
    tick_decimals = _decimals(ticks)
    for tick in ticks:
        y = _f(y_of(tick))
        parts.append(
            f'<line class="app-chart__grid" stroke="{GRID_COLOUR}" x1="{left}" x2="{WIDTH - right}"'
            f' y1="{y}" y2="{y}"/>'
            f'<text x="{left - 6}" y="{_f(y_of(tick) + 4)}" text-anchor="end">'
            f"{escape(format_number(tick, decimals=tick_decimals))}</text>"
        )
    label_every = max(1, math.ceil(len(months) * 8 * CHARACTER_WIDTH / plot_width))
    for index, month in enumerate(months):
        if index % label_every == 0:
            parts.append(
                f'<text x="{_f(x_of(index))}" y="{LINE_HEIGHT - 10}" text-anchor="middle">'
                f"{escape(format_month(month))}</text>"
            )
    for number, (name, numbers) in enumerate(series):
        points = " ".join(f"{_f(x_of(index))},{_f(y_of(value))}" for index, value in enumerate(numbers))
        parts.append(f'<polyline {_paint("line", number)} points="{points}"/>')
        for index, value in enumerate(numbers):
            text = f"{name}, {format_month(months[index])}: {_value_text(value, unit)}"
            parts.append(
                f'<circle {_paint("dot", number)} cx="{_f(x_of(index))}" cy="{_f(y_of(value))}"'
                f' r="3"><title>{escape(text)}</title></circle>'
            )
    return _svg(chart_id, title, description, LINE_HEIGHT, parts)


def _check(categories: Sequence[object], series: Sequence[tuple[str, Sequence[float]]]) -> None:
    for name, numbers in series:
        if len(numbers) != len(categories):
            raise ValueError(f"Series {name!r} has {len(numbers)} values for {len(categories)} categories.")


def _chart_id(identifier: str) -> str:
    """An id that is safe in XML and in a CSS selector, whatever ``identifier`` holds."""
    cleaned = re.sub(r"[^A-Za-z0-9_-]", "", identifier)
    return f"chart-{cleaned}" if cleaned else "chart"


def _decimals(values: Sequence[float]) -> int:
    return 0 if all(float(value).is_integer() for value in values) else 1


def _value_text(value: float, unit: str) -> str:
    number = format_number(value, decimals=_decimals([value]))
    return f"{number} {unit}" if unit else number


def _paint(shape: str, index: int) -> str:
    """The class and fallback colour of a shape of series ``index``; later lines are dashed."""
    number = index % len(COLOURS)
    classes = f'class="app-chart__{shape} app-chart__series-{number + 1}"'
    if shape != "line":
        return f'{classes} fill="{COLOURS[number]}"'
    dashes = ' stroke-dasharray="6 4"' if index else ""
    return f'{classes} fill="none" stroke="{COLOURS[number]}" stroke-width="2"{dashes}'


def _f(number: float) -> str:
    """A coordinate: short, and always with a dot whatever the locale."""
    return f"{number:.1f}".removesuffix(".0")


def _legend(series: Sequence[tuple[str, Sequence[float]]], *, lines: bool = False) -> str:
    parts = []
    x = float(PADDING)
    for number, (name, _) in enumerate(series):
        if lines:
            parts.append(f'<line {_paint("line", number)} x1="{_f(x)}" x2="{_f(x + 20)}" y1="12" y2="12"/>')
            swatch = 20
        else:
            parts.append(f'<rect {_paint("bar", number)} x="{_f(x)}" y="6" width="12" height="12"/>')
            swatch = 12
        parts.append(f'<text x="{_f(x + swatch + 6)}" y="{FONT_SIZE + 4}">{escape(name)}</text>')
        x += swatch + 6 + len(name) * CHARACTER_WIDTH + 20
    return f'<g class="app-chart__legend">{"".join(parts)}</g>'


def _svg(chart_id: str, title: str, description: str, height: float, parts: Sequence[str]) -> SafeString:
    # Safe: every text in ``parts``, the title and the description passed through ``escape``; the id is
    # cleaned to letters, digits, "-" and "_"; everything else is numbers this module formatted.
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{chart_id}" class="app-chart" role="img"'
        f' aria-labelledby="{chart_id}-title {chart_id}-desc" viewBox="0 0 {WIDTH} {_f(height)}"'
        f' font-size="{FONT_SIZE}" fill="currentColor">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f"{''.join(parts)}</svg>"
    )


def _empty(chart_id: str, title: str, description: str) -> SafeString:
    return _svg(chart_id, title, description, 40, [f'<text x="{PADDING}" y="24">{NO_DATA}</text>'])
