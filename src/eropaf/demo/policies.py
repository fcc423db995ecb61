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
from eropaf.triage.case_facts import read_case_frames
from eropaf.triage.facts_frame import facts_json
from eropaf.triage.models import PolicyStatus, PolicyVersion, document_text
from eropaf.triage.policy import policy_as_data
from eropaf.triage.presets import NATIONAL_DEFAULT, preset
from eropaf.triage.selectors import active_policy
from eropaf.triage.triaging import (
    ROUTE_COLUMNS,
    decision_rows,
    decisions_frame,
    insert_decisions,
    policy_columns,
)

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
    frames = read_case_frames(
        municipality_id=municipality.pk,
        cases=Case.objects.filter(
            municipality=municipality, matching_decision="", triaged_at__isnull=True
        ).exclude(state=CaseState.NEW),
    )
    decided = decisions_frame(
        policy,
        frames.cases.select("id", "opened_on"),
        frames.facts.with_columns(facts=facts_json(compact=True)),
    )
    not_picked_up = [outcome.value for outcome in Outcome if outcome.is_not_picked_up]
    closed_unpicked = (frames.cases.get_column("state") == CaseState.CLOSED.value) & frames.cases.get_column(
        "outcome"
    ).is_in(not_picked_up)
    outcome = frames.cases.get_column("outcome")
    agrees = decided.select(
        pl.when(pl.col("picked_up"))
        .then(~closed_unpicked)
        .otherwise(closed_unpicked & (outcome == pl.col("triage_outcome")))
    ).to_series()
    opened_at = (
        pl.col("opened_on")
        .cast(pl.Datetime("us"))
        .dt.offset_by("9h")
        .dt.replace_time_zone(str(timezone.get_current_timezone()))
        .dt.convert_time_zone("UTC")
    )
    agreed = decided.with_columns(opened_on=frames.cases.get_column("opened_on")).filter(agrees)
    insert_decisions(decision_rows(agreed, policy=policy, version=version, decided_at=opened_at))
    update_frame(
        agreed.select("id", *ROUTE_COLUMNS, *policy_columns(policy, version), opened_at.alias("triaged_at")),
        str(Case._meta.db_table),
    )
    return agreed.height
