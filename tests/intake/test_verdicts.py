"""Routing and the duplicate rules, on validated rows (pure, no database)."""

import polars as pl

from eropaf.intake.verdicts import ACCEPTED, DUPLICATE, ERROR_TYPE, REJECTED, Routing, decide

ROUTING = Routing(
    areas=pl.DataFrame(
        {"pc4": ["3311", "2311"], "municipality_id": [1, 9], "municipality_name": ["Dordrecht", "Leiden"]}
    ),
    served_ids=frozenset({1}),
    served_names=["Dordrecht"],
)
NOTHING_EARLIER = pl.DataFrame(schema={"reference": pl.Utf8, "amount_cents": pl.Int64})


def rows(*specs: tuple[str, int, str, bool]) -> pl.DataFrame:
    """(reference, amount_cents, postcode, valid) per row, numbered from 2."""
    broken = [{"field": "achternaam", "code": "required", "message": "achternaam ontbreekt"}]
    return pl.DataFrame(
        {
            "row_number": list(range(2, len(specs) + 2)),
            "reference": [spec[0] for spec in specs],
            "amount_cents": [spec[1] for spec in specs],
            "postcode": [spec[2] for spec in specs],
            "pc4": [spec[2][:4] for spec in specs],
            "errors": [[] if spec[3] else broken for spec in specs],
        },
        schema_overrides={"errors": pl.List(ERROR_TYPE), "row_number": pl.Int64, "amount_cents": pl.Int64},
    )


def verdicts(frame: pl.DataFrame) -> list[str]:
    return frame["verdict"].to_list()


def test_valid_rows_in_a_served_municipality_are_accepted() -> None:
    decided = decide(rows(("A", 100, "3311AB", True)), routing=ROUTING, earlier=NOTHING_EARLIER)
    assert verdicts(decided) == [ACCEPTED]
    assert decided["municipality_id"].to_list() == [1]


def test_invalid_rows_are_rejected_and_not_routed() -> None:
    decided = decide(rows(("A", 100, "3311AB", False)), routing=ROUTING, earlier=NOTHING_EARLIER)
    assert verdicts(decided) == [REJECTED]
    assert decided["municipality_id"].to_list() == [None]
    assert len(decided["errors"][0]) == 1


def test_a_postcode_of_another_municipality_names_it() -> None:
    decided = decide(rows(("A", 100, "2311AA", True)), routing=ROUTING, earlier=NOTHING_EARLIER)
    assert verdicts(decided) == [REJECTED]
    message = decided["errors"][0][0]["message"]
    assert message == (
        "postcode 2311 AA ligt in de gemeente Leiden, waarvoor u geen signalen levert "
        "(u levert voor: Dordrecht)"
    )


def test_an_unknown_postcode_area_is_rejected() -> None:
    decided = decide(rows(("A", 100, "9999ZZ", True)), routing=ROUTING, earlier=NOTHING_EARLIER)
    assert decided["errors"][0][0]["code"] == "outside_area"


def test_the_first_valid_row_of_a_reference_sets_its_amount() -> None:
    decided = decide(
        rows(
            ("A", 100, "3311AB", False),  # invalid: does not count as the first
            ("A", 200, "3311AB", True),
            ("A", 200, "3311AB", True),
            ("A", 300, "3311AB", True),
            ("B", 100, "3311AB", True),
        ),
        routing=ROUTING,
        earlier=NOTHING_EARLIER,
    )
    assert verdicts(decided) == [REJECTED, ACCEPTED, DUPLICATE, REJECTED, ACCEPTED]
    contradiction = decided["errors"][3][0]["message"]
    assert contradiction.startswith('referentie "A" staat al in rij 3 met een ander bedrag (€ 2,00)')


def test_an_earlier_delivery_with_the_same_amount_makes_a_duplicate() -> None:
    earlier = pl.DataFrame({"reference": ["A", "B"], "amount_cents": [100, 100]})
    decided = decide(
        rows(("A", 100, "3311AB", True), ("B", 150, "3311AB", True)), routing=ROUTING, earlier=earlier
    )
    assert verdicts(decided) == [DUPLICATE, ACCEPTED]


def test_no_rows_give_no_verdicts() -> None:
    assert decide(rows(), routing=ROUTING, earlier=NOTHING_EARLIER).height == 0
