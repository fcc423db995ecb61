"""The demo region's triage policies: each municipality an active version, Dordrecht also a draft.

Dordrecht works with the national default and is trying a Signalering+ draft (the simulation page
has something to compare); Zwijndrecht and Papendrecht took the Leiden and Oost Gelre presets.
Created as rows, like the rest of the seed data: no audit events for synthetic data.
"""

import datetime as dt

import polars as pl
from django.utils import timezone

from eropaf.cases.models import Case
from eropaf.cases.workflow import CaseState
from eropaf.core.bulk import update_frame
from eropaf.core.vocabularies import Outcome
from eropaf.demo.region import DORDRECHT, PAPENDRECHT, ZWIJNDRECHT
from eropaf.organisations.models import Municipality
from eropaf.triage.case_facts import read_cases_with_facts
from eropaf.triage.models import PolicyStatus, PolicyVersion, document_text
from eropaf.triage.policy import policy_as_data
from eropaf.triage.presets import NATIONAL_DEFAULT, preset
from eropaf.triage.rules import compile_policy
from eropaf.triage.selectors import active_policy
from eropaf.triage.triaging import EXPLANATION_SCHEMA, explanation, policy_columns

ACTIVE = {DORDRECHT: NATIONAL_DEFAULT, ZWIJNDRECHT: "leiden", PAPENDRECHT: "oost-gelre"}
DRAFTS = {DORDRECHT: "signalering-plus"}


def create_policies(*, municipalities: dict[str, Municipality], activated_on: dt.date) -> int:
    activated_at = timezone.make_aware(dt.datetime.combine(activated_on, dt.time(9)))
    rows = []
    for code, municipality in municipalities.items():
        names = [(ACTIVE[code], PolicyStatus.ACTIVE)] if code in ACTIVE else []
        names += [(DRAFTS[code], PolicyStatus.DRAFT)] if code in DRAFTS else []
        for number, (name, status) in enumerate(names, start=1):
            policy = preset(name)
            rows.append(
                PolicyVersion(
                    municipality=municipality,
                    number=number,
                    name=policy.name,
                    source=f"voorbeeld {name}",
                    document_json=document_text(policy_as_data(policy)),
                    status=status,
                    activated_at=activated_at if status == PolicyStatus.ACTIVE else None,
                )
            )
    return len(PolicyVersion.objects.bulk_create(rows))


def record_history_triage(*, municipality: Municipality) -> int:
    """Give the demo's planned cases the explanation their municipality's policy gives them, where
    the planned route agrees with it (picked up, or closed with the same not-picked-up reason), as
    if triage had decided them when they were opened. Cases where the plan and the policy disagree
    stay without an explanation, as cases routed by hand before triage existed."""
    version, policy = active_policy(municipality=municipality)
    found = read_cases_with_facts(
        municipality_id=municipality.pk,
        cases=Case.objects.filter(
            municipality=municipality, matching_decision="", triaged_at__isnull=True
        ).exclude(state=CaseState.NEW),
    )
    decisions = compile_policy(policy).evaluate_many(found.facts)
    rows = []
    for (case_id, state, outcome, opened_on), facts, decision in zip(
        found.cases.select("id", "state", "outcome", "opened_on").iter_rows(),
        found.facts,
        decisions,
        strict=True,
    ):
        action = decision.action
        closed_unpicked = state == CaseState.CLOSED and bool(outcome) and Outcome(outcome).is_not_picked_up
        agrees = (
            not closed_unpicked
            if action.is_picked_up
            else closed_unpicked and outcome == action.not_picked_up
        )
        if not agrees:
            continue
        opened_at = timezone.make_aware(dt.datetime.combine(opened_on, dt.time(9)))
        rows.append((case_id, *explanation(decision, facts), opened_at))
    schema = {"id": pl.Int64, **EXPLANATION_SCHEMA, "triaged_at": pl.Datetime("us", "UTC")}
    frame = pl.DataFrame(rows, schema=schema, orient="row").with_columns(*policy_columns(policy, version))
    update_frame(frame, str(Case._meta.db_table))
    return frame.height
