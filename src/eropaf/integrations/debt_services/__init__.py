"""Debt services (schuldhulpverlening): is a signalled resident already their client?

Import the Protocol and the types from here; pick an implementation with
`debt_services_registry_from_settings()`.
"""

from eropaf.integrations.debt_services.client_list import (
    ClientList,
    ClientListRefused,
    ClientRecord,
    ListDebtServicesRegistry,
    RowError,
    read_client_list,
)
from eropaf.integrations.debt_services.protocol import (
    ClientQuery,
    DebtServicesError,
    DebtServicesRefused,
    DebtServicesRegistry,
    DebtServicesUnavailable,
)

__all__ = [
    "ClientList",
    "ClientListRefused",
    "ClientQuery",
    "ClientRecord",
    "DebtServicesError",
    "DebtServicesRefused",
    "DebtServicesRegistry",
    "DebtServicesUnavailable",
    "ListDebtServicesRegistry",
    "RowError",
    "read_client_list",
]
