"""The data migration that moves each triaged case's explanation out of the case row into its first
``TriageDecision`` (and back), run on a case table shaped as before it: the test database is built
from the current models, so the moved columns are added back for the test's length."""

import datetime as dt
import importlib
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.models import Field
from django.test.utils import override_settings

from eropaf.cases.models import Case, TriageDecision
from eropaf.core.vocabularies import Outcome
from eropaf.triage.models import PolicyVersion
from tests.factories import CaseFactory, TeamFactory

# Adding and dropping columns: outside the test's transaction, which SQLite needs for its schema.
pytestmark = pytest.mark.django_db(transaction=True)

moving = importlib.import_module("eropaf.cases.migrations.0010_move_triage_explanations")
MOVED = ("triage_rule", "triage_rule_label", "triage_summary", "triage_reasons", "triage_facts")
TRIAGED_AT = dt.datetime(2026, 10, 3, 9, 30, tzinfo=dt.UTC)
YOUNG_SUMMARY = "Huisbezoek: leeftijd 23 (18 tot en met 27), totaalbedrag € 640,00 (meer dan € 500,00)"


def models_before_the_move() -> Apps:
    """The models as the data migration sees them: the case with its explanation, the decision."""
    # pytest runs without migrations; the loader reads them from the apps all the same.
    with override_settings(MIGRATION_MODULES={}):
        loader = MigrationLoader(None, ignore_no_migrations=True)
    return loader.project_state(("cases", "0009_triage_decision")).apps


@pytest.fixture
def old_case_table() -> Iterator[Callable[[], Any]]:
    """Adds the explanation columns to the case table (as the migrations before made them, with a
    default) and gives the historical ``Case``; the columns go again when the test ends."""
    old_case = models_before_the_move().get_model("cases", "Case")
    quote = connection.ops.quote_name
    table = quote(old_case._meta.db_table)
    added: list[str] = []

    def add() -> Any:
        with connection.cursor() as cursor:
            for name, default in zip(MOVED, ("''", "''", "''", "'[]'", "'{}'"), strict=True):
                field = old_case._meta.get_field(name)
                assert isinstance(field, Field)
                column = quote(str(field.column))
                kind = field.db_type(connection)
                cursor.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind} NOT NULL DEFAULT {default}")
                added.append(column)
        return old_case

    yield add
    with connection.cursor() as cursor:
        for column in added:
            cursor.execute(f"ALTER TABLE {table} DROP COLUMN {column}")


def test_each_triaged_cases_explanation_becomes_its_first_decision(
    old_case_table: Callable[[], Any],
) -> None:
    team = TeamFactory.create()
    municipality = team.municipality
    version = PolicyVersion.objects.create(
        municipality=municipality, number=1, name="Jongeren", document_json="{}"
    )
    routed = CaseFactory.create(
        municipality=municipality,
        team=team,
        queue="huisbezoek",
        triage_policy=version,
        triage_policy_name="Jongeren",
        triaged_at=TRIAGED_AT,
    )
    closed = CaseFactory.create(
        municipality=municipality,
        team=team,
        closed=True,
        outcome=Outcome.NOT_PICKED_UP_UNJUSTIFIED,
        triage_outcome=Outcome.NOT_PICKED_UP_UNJUSTIFIED,
        triage_policy_name="Landelijk",
        triaged_at=TRIAGED_AT + dt.timedelta(hours=1),
    )
    untriaged = CaseFactory.create(municipality=municipality, team=team)
    old_case = old_case_table()
    old_case.objects.filter(pk=routed.pk).update(
        triage_rule="jongeren-huisbezoek",
        triage_rule_label="Jongere met een flinke achterstand",
        triage_summary=YOUNG_SUMMARY,
        triage_reasons=["leeftijd 23 (18 tot en met 27)", "totaalbedrag € 640,00 (meer dan € 500,00)"],
        triage_facts={"leeftijd": 23, "bedragen": {"huur": 640}},
    )
    old_case.objects.filter(pk=closed.pk).update(
        triage_rule="drempel",
        triage_rule_label="Onder de € 100",
        triage_summary="Niet opgepakt (onterecht signaal): totaalbedrag € 99,00 (minder dan € 100,00)",
        triage_reasons=["totaalbedrag € 99,00 (minder dan € 100,00)"],
        triage_facts={"bedragen": {"huur": 99}},
    )
    apps = models_before_the_move()

    with connection.schema_editor() as editor:
        moving.move_explanations(apps, editor)

    decisions = {decision.case_id: decision for decision in TriageDecision.objects.all()}
    assert set(decisions) == {routed.pk, closed.pk}  # an untriaged case has nothing to explain
    assert untriaged.pk not in decisions
    young = decisions[routed.pk]
    assert (young.policy_version_id, young.policy_name, young.rule, young.rule_label) == (
        version.pk,
        "Jongeren",
        "jongeren-huisbezoek",
        "Jongere met een flinke achterstand",
    )
    assert young.summary == YOUNG_SUMMARY
    assert young.reasons == ["leeftijd 23 (18 tot en met 27)", "totaalbedrag € 640,00 (meer dan € 500,00)"]
    assert young.facts == {"leeftijd": 23, "bedragen": {"huur": 640}}
    assert (young.queue, young.outcome, young.decided_at) == ("huisbezoek", "", TRIAGED_AT)
    below = decisions[closed.pk]
    assert (below.policy_version_id, below.policy_name, below.rule, below.queue, below.outcome) == (
        None,
        "Landelijk",
        "drempel",
        "",
        Outcome.NOT_PICKED_UP_UNJUSTIFIED,
    )
    assert below.decided_at == TRIAGED_AT + dt.timedelta(hours=1)

    # Backwards: each case gets its latest decision's explanation back.
    TriageDecision.objects.create(
        case_id=routed.pk,
        policy_name="Jongeren",
        rule="standaard",
        summary="Brief: later",
        decided_at=TRIAGED_AT,
    )
    old_case.objects.update(triage_rule="", triage_summary="", triage_reasons=[], triage_facts={})

    with connection.schema_editor() as editor:
        moving.restore_explanations(apps, editor)

    restored = {
        row["pk"]: row
        for row in old_case.objects.values(
            "pk", "triage_rule", "triage_summary", "triage_reasons", "triage_facts"
        )
    }
    assert (restored[routed.pk]["triage_rule"], restored[routed.pk]["triage_summary"]) == (
        "standaard",
        "Brief: later",
    )
    assert restored[closed.pk]["triage_reasons"] == ["totaalbedrag € 99,00 (minder dan € 100,00)"]
    assert restored[closed.pk]["triage_facts"] == {"bedragen": {"huur": 99}}
    assert restored[untriaged.pk]["triage_rule"] == ""
    assert Case.objects.count() == 3
