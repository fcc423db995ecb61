"""The debt-services check of a matching run: which signalled residents are already a client?

Asked for every resident of the period on every run, because the client list changes between runs.
"""

import datetime as dt

from django.db import transaction

from eropaf.integrations.debt_services.protocol import ClientQuery, DebtServicesRegistry
from eropaf.matching.models import PersonCheck, RegistryOutcome

QUESTION_BATCH = 1000


def check_known_clients(*, municipality_id: int, period: dt.date, registry: DebtServicesRegistry) -> int:
    """Mark each resident's check as known or not; returns how many are known."""
    residents = list(
        PersonCheck.objects.filter(
            signal__municipality_id=municipality_id, signal__period=period, outcome=RegistryOutcome.RESIDENT
        )
        .order_by("pk")
        .values_list(
            "pk",
            "bsn",
            "signal__surname",
            "signal__surname_prefix",
            "signal__birth_date",
            "signal__postcode",
            "signal__house_number",
        )
    )
    known: set[str] = set()
    for start in range(0, len(residents), QUESTION_BATCH):
        queries = [
            ClientQuery(
                key=str(pk),
                bsn=bsn,
                surname=surname,
                prefix=prefix,
                birth_date=birth_date,
                postcode=postcode,
                house_number=house_number,
            )
            for pk, bsn, surname, prefix, birth_date, postcode, house_number in residents[
                start : start + QUESTION_BATCH
            ]
        ]
        known |= registry.known(queries)
    known_ids = [int(key) for key in known]
    with transaction.atomic():
        PersonCheck.objects.filter(
            signal__municipality_id=municipality_id, signal__period=period, known_to_debt_services=True
        ).update(known_to_debt_services=False)
        for start in range(0, len(known_ids), QUESTION_BATCH):
            PersonCheck.objects.filter(pk__in=known_ids[start : start + QUESTION_BATCH]).update(
                known_to_debt_services=True
            )
    return len(known_ids)
