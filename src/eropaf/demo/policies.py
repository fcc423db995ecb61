"""The demo region's triage policies: each municipality an active version, Dordrecht also a draft.

Dordrecht works with the national default and is trying a Signalering+ draft (the simulation page
has something to compare); Zwijndrecht and Papendrecht took the Leiden and Oost Gelre presets.
Created as rows, like the rest of the seed data: no audit events for synthetic data.
"""

import datetime as dt

from django.utils import timezone

from eropaf.demo.region import DORDRECHT, PAPENDRECHT, ZWIJNDRECHT
from eropaf.organisations.models import Municipality
from eropaf.triage.models import PolicyStatus, PolicyVersion
from eropaf.triage.policy import policy_as_data
from eropaf.triage.presets import NATIONAL_DEFAULT, preset

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
                    document=policy_as_data(policy),
                    status=status,
                    activated_at=activated_at if status == PolicyStatus.ACTIVE else None,
                )
            )
    return len(PolicyVersion.objects.bulk_create(rows))
