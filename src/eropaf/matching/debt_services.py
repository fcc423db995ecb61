"""The client list of debt services per municipality: importing it, and asking who is a client.

A municipality's list is replaced as a whole by each import, because debt services export their
current clients, not changes. A refused file changes nothing.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from eropaf.audit.models import AuditAction
from eropaf.audit.services import record_audit_event
from eropaf.integrations.debt_services import (
    ClientRecord,
    DebtServicesRegistry,
    RowError,
    read_client_list,
)
from eropaf.integrations.debt_services.settings import (
    LIST,
    debt_services_choice,
    debt_services_registry_from_settings,
)
from eropaf.matching.models import DebtServicesClient
from eropaf.organisations.models import Municipality

INSERT_BATCH_SIZE = 2_000


@dataclass(frozen=True)
class ClientListImport:
    """What an import did: `imported` clients now on the list, `replaced` clients the previous list
    held, and the rows left out with their (Dutch) reasons."""

    municipality_code: str
    imported: int
    replaced: int
    errors: list[RowError]
    imported_at: datetime

    @property
    def rejected(self) -> int:
        return len(self.errors)


def _stored_surname(record: ClientRecord) -> str:
    """The model keeps one surname field; a prefix in front of it is ignored when names are compared."""
    return " ".join(part for part in (record.prefix, record.surname) if part)


def import_client_list(
    *,
    municipality: Municipality,
    content: bytes,
    by: AbstractBaseUser | None = None,
    actor_label: str = "",
) -> ClientListImport:
    """Replace the municipality's client list with the one in `content` (the CSV debt services export).

    Raises `ClientListRefused` (before anything is written) when the file cannot be used at all.
    """
    client_list = read_client_list(content)
    imported_at = timezone.now()
    rows = [
        DebtServicesClient(
            municipality=municipality,
            bsn=record.bsn,
            surname=_stored_surname(record),
            birth_date=record.birth_date,
            postcode=record.postcode,
            house_number=record.house_number,
            imported_at=imported_at,
        )
        for record in client_list.records
    ]
    with transaction.atomic():
        replaced, _per_model = DebtServicesClient.objects.filter(municipality=municipality).delete()
        DebtServicesClient.objects.bulk_create(rows, batch_size=INSERT_BATCH_SIZE)
        record_audit_event(
            actor=by,
            actor_label=actor_label,
            action=AuditAction.UPDATE,
            subject_type="debt_services_client_list",
            subject_id=municipality.code,
            municipality_code=municipality.code,
            description=(
                f"debt-services client list replaced: {len(rows)} clients imported, {replaced} replaced, "
                f"{len(client_list.errors)} rows rejected"
            ),
        )
    return ClientListImport(
        municipality_code=municipality.code,
        imported=len(rows),
        replaced=replaced,
        errors=client_list.errors,
        imported_at=imported_at,
    )


def stored_client_records(*, municipality: Municipality) -> list[ClientRecord]:
    rows = DebtServicesClient.objects.filter(municipality=municipality).values_list(
        "bsn", "surname", "birth_date", "postcode", "house_number"
    )
    return [
        ClientRecord(
            bsn=bsn, surname=surname, birth_date=birth_date, postcode=postcode, house_number=house_number
        )
        for bsn, surname, birth_date, postcode, house_number in rows.iterator(chunk_size=INSERT_BATCH_SIZE)
    ]


def debt_services_registry_for(*, municipality: Municipality) -> DebtServicesRegistry:
    """The municipality's imported client list, or the debt-services system over HTTP (settings)."""
    if debt_services_choice() == LIST:
        return debt_services_registry_from_settings(records=stored_client_records(municipality=municipality))
    return debt_services_registry_from_settings()
