"""The set-based reads and writes between frames and tables, on the database the suite runs on."""

import datetime as dt

import polars as pl
import pytest

from eropaf.cases.models import Case
from eropaf.core.bulk import read_bulk_frame, update_from_lookup
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

TABLE = str(Case._meta.db_table)


def test_a_bulk_read_keeps_text_empty_text_nulls_dates_and_flags_apart() -> None:
    case = CaseFactory.create(
        address_key='1234AB|5,"a"\nb||', outcome="", person_age=None, has_minors=True, is_crisis=False
    )
    sql = (
        "SELECT id, address_key, outcome, CAST(period AS TEXT), person_age, has_minors, is_crisis, "  # noqa: S608
        f"district_id FROM {TABLE} WHERE id = %s"
    )

    frame = read_bulk_frame(
        sql,
        [case.pk],
        schema={
            "id": pl.Int64,
            "address_key": pl.String,
            "outcome": pl.String,
            "period": pl.Date,
            "person_age": pl.Int64,
            "has_minors": pl.Boolean,
            "is_crisis": pl.Boolean,
            "district_id": pl.Int64,
        },
    )

    assert frame.rows() == [(case.pk, '1234AB|5,"a"\nb||', "", case.period, None, True, False, None)]


def test_a_bulk_read_of_nothing_is_an_empty_frame_with_the_schema() -> None:
    frame = read_bulk_frame(
        f"SELECT id, CAST(period AS TEXT) FROM {TABLE} WHERE id < 0",  # noqa: S608
        [],
        schema={"id": pl.Int64, "period": pl.Date},
    )

    assert (frame.height, frame.schema) == (0, pl.Schema({"id": pl.Int64, "period": pl.Date}))


def test_an_update_from_a_lookup_sets_each_rows_own_and_shared_values_and_nothing_else() -> None:
    first, second, untouched = CaseFactory.create_batch(3, queue="", priority="", letter_template="")
    rows = pl.DataFrame(
        {"id": [first.pk, second.pk], "group": [1, 2], "due_on": [dt.date(2026, 11, 5), dt.date(2026, 11, 9)]}
    )
    lookup = pl.DataFrame(
        {
            "group": [1, 2],
            "queue": ["huur", "brief"],
            "contact_plan": ['[{"kind": "phone", "letter_kind": ""}]', "[]"],
            "closed_on": [None, dt.date(2026, 10, 31)],
        }
    )

    update_from_lookup(rows, TABLE, lookup=lookup, on="group")

    written = {
        case.pk: case for case in Case.objects.filter(pk__in=[first.pk, second.pk, untouched.pk]).order_by()
    }
    assert (written[first.pk].queue, written[first.pk].due_on, written[first.pk].closed_on) == (
        "huur",
        dt.date(2026, 11, 5),
        None,
    )
    assert written[first.pk].contact_plan == [{"kind": "phone", "letter_kind": ""}]
    assert (written[second.pk].queue, written[second.pk].contact_plan, written[second.pk].closed_on) == (
        "brief",
        [],
        dt.date(2026, 10, 31),
    )
    assert (written[untouched.pk].queue, written[untouched.pk].due_on) == ("", untouched.due_on)
