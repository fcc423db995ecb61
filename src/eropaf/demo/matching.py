"""The demo's matching runs: the real monthly matching, oldest month first, as the region ran it."""

import datetime as dt

from eropaf.demo.policies import record_history_triage
from eropaf.matching.debt_services import debt_services_registry_for
from eropaf.matching.local_register import RegisteredPersonRegistry
from eropaf.matching.services import Registries, run_matching
from eropaf.organisations.models import Municipality


def run_all_periods(*, municipality: Municipality, periods: list[dt.date], today: dt.date) -> None:
    registries = Registries(
        persons=RegisteredPersonRegistry(),
        debt_services=debt_services_registry_for(municipality=municipality),
    )
    for period in periods:
        run_matching(
            municipality=municipality, period=period, label="demo", registries=registries, today=today
        )
    record_history_triage(municipality=municipality)
