"""Each triaged case's explanation becomes its first triage decision, set-based: one INSERT … SELECT,
the same SQL on SQLite and PostgreSQL. Backwards, each case gets its latest decision's explanation
back with one UPDATE … FROM (the decisions table itself goes with the migration before)."""

from django.db import migrations

# The decision's column: the case's column it comes from.
MOVED = {
    "case_id": "id",
    "policy_version_id": "triage_policy_id",
    "policy_name": "triage_policy_name",
    "rule": "triage_rule",
    "rule_label": "triage_rule_label",
    "summary": "triage_summary",
    "reasons": "triage_reasons",
    "facts": "triage_facts",
    "queue": "queue",
    "outcome": "triage_outcome",
    "decided_at": "triaged_at",
}
# Backwards: the case's column and the decision's column it comes back from.
RESTORED = (
    ("triage_rule", "rule"),
    ("triage_rule_label", "rule_label"),
    ("triage_summary", "summary"),
    ("triage_reasons", "reasons"),
    ("triage_facts", "facts"),
)


def _names(apps, schema_editor):
    quote = schema_editor.connection.ops.quote_name
    case = apps.get_model("cases", "Case")
    decision = apps.get_model("cases", "TriageDecision")
    return quote, quote(case._meta.db_table), quote(decision._meta.db_table)


def move_explanations(apps, schema_editor):
    quote, cases, decisions = _names(apps, schema_editor)
    # A decision keeps its facts as text; the case had a JSON column (jsonb on PostgreSQL).
    sources = [
        f"CAST({quote(source)} AS TEXT)" if source == "triage_facts" else quote(source)
        for source in MOVED.values()
    ]
    schema_editor.execute(
        f"INSERT INTO {decisions} ({', '.join(quote(name) for name in MOVED)}) "
        f"SELECT {', '.join(sources)} FROM {cases} WHERE {quote('triaged_at')} IS NOT NULL "
        f"ORDER BY {quote('id')}"
    )


def restore_explanations(apps, schema_editor):
    quote, cases, decisions = _names(apps, schema_editor)
    on_postgresql = schema_editor.connection.vendor == "postgresql"
    assignments = []
    for column, source in RESTORED:
        value = f"latest.{quote(source)}"
        if source == "facts" and on_postgresql:
            value = f"CAST({value} AS jsonb)"
        assignments.append(f"{quote(column)} = {value}")
    latest = (
        f"SELECT d.* FROM {decisions} d WHERE d.{quote('id')} IN "
        f"(SELECT MAX({quote('id')}) FROM {decisions} GROUP BY {quote('case_id')})"
    )
    # Cases without a decision keep the empty values the columns came back with.
    schema_editor.execute(
        f"UPDATE {cases} SET {', '.join(assignments)} FROM ({latest}) latest "
        f"WHERE latest.{quote('case_id')} = {cases}.{quote('id')}"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0009_triage_decision"),
    ]

    operations = [
        migrations.RunPython(move_explanations, restore_explanations, elidable=False),
    ]
