"""The BRP (Basisregistratie Personen) through Haal Centraal BRP Personen v2.

Import the Protocol and the result types from here; pick an implementation with
`person_registry_from_settings()`.
"""

from eropaf.integrations.brp.protocol import (
    Address,
    Household,
    Lookup,
    Outcome,
    Person,
    PersonRegistry,
    PersonSummary,
    RegistryError,
    RegistryRefused,
    RegistryUnavailable,
    classify,
    household_of,
)

__all__ = [
    "Address",
    "Household",
    "Lookup",
    "Outcome",
    "Person",
    "PersonRegistry",
    "PersonSummary",
    "RegistryError",
    "RegistryRefused",
    "RegistryUnavailable",
    "classify",
    "household_of",
]
