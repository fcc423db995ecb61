"""The simulation charts: valid, accessible SVG with every text escaped."""

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from eropaf.triage import charts
from eropaf.triage.charts import (
    CHART_CSS,
    format_month,
    format_number,
    grouped_bars,
    monthly_lines,
    nice_ticks,
)

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 — our own output


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def month_labels(root: ET.Element) -> list[str]:
    return [text for text in texts(root) if len(text) == 8 and text[4:].isdigit()]


def bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]


def queues_chart(identifier: str = "queues") -> str:
    return grouped_bars(
        "Zaken per werkbak",
        "Actief en concept naast elkaar",
        ["huisbezoek", "huur", "vroegsignalering"],
        [("Actief", [0, 2, 3]), ("Concept", [1, 0, 1])],
        "zaken",
        identifier=identifier,
    )


def test_grouped_bars_has_a_bar_per_category_and_series_with_its_value_written() -> None:
    root = parse(queues_chart())
    assert root.tag == f"{SVG}svg"
    found = bars(root)
    assert len(found) == 6
    assert [bar.get("class") for bar in found] == [
        "app-chart__bar app-chart__series-1",
        "app-chart__bar app-chart__series-2",
    ] * 3
    assert [bar.findtext(f"{SVG}title") for bar in found[:2]] == [
        "huisbezoek, Actief: 0 zaken",
        "huisbezoek, Concept: 1 zaken",
    ]
    written = texts(root)
    for label in ("huisbezoek", "huur", "vroegsignalering", "2 zaken", "3 zaken", "Actief", "Concept"):
        assert label in written
    # The longest bar is the largest value, a zero value has no width.
    widths = [float(bar.get("width", "")) for bar in found]
    assert widths[0] == 0
    assert max(widths) == widths[4]
    assert widths[2] == pytest.approx(widths[4] * 2 / 3)


def test_values_are_written_the_dutch_way_with_decimals_only_where_there_are_any() -> None:
    root = parse(
        grouped_bars("T", "D", ["a"], [("Actief", [1234]), ("Concept", [2.25])], "uur", identifier="x")
    )
    assert texts(root)[-2:] == ["Concept", "2,2 uur"]  # round half to even
    assert "1.234 uur" in texts(root)


def test_a_chart_is_named_by_its_title_and_description() -> None:
    root = parse(queues_chart("Werkbakken 1!"))
    assert root.get("role") == "img"
    assert root.get("id") == "chart-Werkbakken1"
    assert root.get("aria-labelledby") == "chart-Werkbakken1-title chart-Werkbakken1-desc"
    assert root.find(f"{SVG}title").get("id") == "chart-Werkbakken1-title"  # type: ignore[union-attr]
    assert root.findtext(f"{SVG}title") == "Zaken per werkbak"
    assert root.findtext(f"{SVG}desc") == "Actief en concept naast elkaar"
    assert root.get("viewBox", "").startswith("0 0 640 ")
    assert "<style" not in queues_chart()  # the Content-Security-Policy would refuse it


def test_two_charts_on_a_page_have_different_ids() -> None:
    assert parse(queues_chart("a")).get("id") != parse(queues_chart("b")).get("id")


def test_every_text_is_escaped() -> None:
    attack = '<script>alert("x")</script>'
    svg = grouped_bars(
        attack, attack, [attack], [(attack, [1.5]), ("Concept", [2])], unit=attack, identifier='"><script>'
    )
    assert "<script" not in svg
    root = parse(svg)
    assert root.findtext(f"{SVG}title") == attack
    assert attack in texts(root)
    assert f"1,5 {attack}" in texts(root)
    lines = monthly_lines(attack, attack, [dt.date(2026, 1, 1)], [(attack, [1.0])], attack, identifier="x")
    assert "<script" not in lines
    assert parse(lines).findtext(f"{SVG}desc") == attack


def test_no_categories_gives_a_small_chart_that_says_so() -> None:
    root = parse(grouped_bars("Leeg", "Niets", [], [("Actief", []), ("Concept", [])], identifier="empty"))
    assert texts(root) == ["Geen gegevens"]
    assert root.get("viewBox") == "0 0 640 40"
    assert root.findtext(f"{SVG}title") == "Leeg"
    assert texts(parse(monthly_lines("Leeg", "Niets", [], [], "uur", identifier="e"))) == ["Geen gegevens"]


def test_series_of_the_wrong_length_are_refused() -> None:
    with pytest.raises(ValueError, match="has 1 values for 2 categories"):
        grouped_bars("T", "D", ["a", "b"], [("Actief", [1])], identifier="x")


def test_monthly_lines_draw_a_line_per_series_with_dutch_months_and_round_ticks() -> None:
    months = [dt.date(2025, 11, 1), dt.date(2025, 12, 1), dt.date(2026, 1, 1)]
    root = parse(
        monthly_lines(
            "Werklast per maand",
            "Uren per maand",
            months,
            [("Actief", [10.5, 0, 37]), ("Concept", [8, 12, 20])],
            "uur",
            identifier="hours",
        )
    )
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 2
    assert len(lines[0].get("points", "").split()) == 3
    assert lines[0].get("stroke-dasharray") is None
    assert lines[1].get("stroke-dasharray") == "6 4"
    written = texts(root)
    assert month_labels(root) == ["nov 2025", "dec 2025", "jan 2026"]
    assert [text for text in written if text.isdigit()] == ["0", "10", "20", "30", "40"]
    assert "uur" in written
    dots = [circle.findtext(f"{SVG}title") for circle in root.iter(f"{SVG}circle")]
    assert dots[0] == "Actief, nov 2025: 10,5 uur"
    assert dots[5] == "Concept, jan 2026: 20 uur"


def test_many_months_label_every_other_month() -> None:
    months = [dt.date(2025 + (month - 1) // 12, (month - 1) % 12 + 1, 1) for month in range(1, 25)]
    root = parse(monthly_lines("T", "D", months, [("Actief", [1.0] * 24)], "uur", identifier="long"))
    labels = month_labels(root)
    assert 6 <= len(labels) <= 12
    assert labels[0] == "jan 2025"


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (37, [0, 10, 20, 30, 40]),
        (40, [0, 10, 20, 30, 40]),
        (4.2, [0, 2, 4, 6]),
        (9, [0, 2.5, 5, 7.5, 10]),
        (1234, [0, 500, 1000, 1500]),
        (0, [0, 1]),
    ],
)
def test_ticks_are_round_numbers(maximum: float, ticks: list[float]) -> None:
    assert nice_ticks(maximum) == ticks


def test_numbers_and_months_are_written_the_dutch_way() -> None:
    assert format_number(1234.5, decimals=1) == "1.234,5"
    assert format_number(1234.5, decimals=2, grouped=False) == "1234,50"
    assert format_number(-0.001, decimals=2) == "0,00"
    assert format_number(-3) == "-3"
    assert format_month(dt.date(2026, 3, 1)) == "mrt 2026"
    assert format_month(dt.date(2026, 5, 1)) == "mei 2026"


def test_the_stylesheet_rules_let_a_theme_set_the_colours() -> None:
    assert ".app-chart__bar.app-chart__series-1" in CHART_CSS
    assert "var(--app-chart-series-2, #e17000)" in CHART_CSS
    assert "var(--app-chart-grid, #d0d0d0)" in CHART_CSS
    stylesheet = Path(charts.__file__).parents[1] / "static" / "eropaf" / "app.css"
    assert CHART_CSS in stylesheet.read_text(encoding="utf-8")  # the rules are where the browser reads them
