"""Build the demo region from scratch: wipe, region, logins, a year of signals, cases and attempts.

Everything happens in one transaction, so a failure leaves the previous database untouched.
The same seed and reference date give the same rows. No audit events are written: this is
synthetic seed data, not a person's data being read or changed by a user.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Protocol
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils.translation import gettext
from faker import Faker

from eropaf.core.periods import months_back, period_of
from eropaf.demo.arrears import ArrearBook
from eropaf.demo.cases import CasePlanner
from eropaf.demo.casework import create_casework_settings
from eropaf.demo.chain import seed_chain
from eropaf.demo.matching import run_all_periods
from eropaf.demo.people import PeopleGenerator
from eropaf.demo.policies import create_policies
from eropaf.demo.population import PopulationSimulation, SimCase
from eropaf.demo.quarantine import add_rejected_rows
from eropaf.demo.records import create_attempts, create_case_signals, create_cases
from eropaf.demo.region import MUNICIPALITIES, PARTNERS
from eropaf.demo.registers import build_registers
from eropaf.demo.signals import create_deliveries_and_signals, delivery_moments
from eropaf.demo.structure import create_region
from eropaf.demo.users import DemoLogin, create_users
from eropaf.organisations.models import Municipality

DEFAULT_SEED = 2026
MONTHS = 12
BUILD_STEPS = 10 + 2 * len(MUNICIPALITIES)


class Progress(Protocol):
    def update(self, n: float | None = 1) -> bool | None: ...

    def set_description(self, desc: str | None = None, refresh: bool | None = True) -> None: ...


@dataclass(frozen=True)
class MunicipalitySummary:
    code: str
    name: str
    postcode_areas: list[str]


@dataclass(frozen=True)
class PartnerSummary:
    code: str
    name: str
    type: str


@dataclass(frozen=True)
class DemoSummary:
    municipalities: list[MunicipalitySummary]
    partners: list[PartnerSummary]
    logins: list[DemoLogin]
    counts: dict[str, int] = field(default_factory=dict)


class _Steps:
    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress

    def start(self, description: str) -> None:
        if self.progress is not None:
            self.progress.set_description(description)

    def done(self) -> None:
        if self.progress is not None:
            self.progress.update(1)


def wipe_database() -> None:
    """Remove every row, so the demo can be rebuilt from scratch (and run twice)."""
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with deferred foreign-key checks still pending in this
        # transaction (a rebuild inside an outer transaction); run those checks first.
        connection.check_constraints()
    call_command("flush", interactive=False, verbosity=0)


def _create_settings(municipalities: dict[str, Municipality], *, activated_on: dt.date) -> None:
    """Triage policies, protocols, letter senders and the default texts of the region."""
    create_policies(municipalities=municipalities, activated_on=activated_on)
    create_casework_settings(municipalities=municipalities)


def _match_and_chain(
    steps: "_Steps",
    municipalities: dict[str, Municipality],
    *,
    periods: list[dt.date],
    today: dt.date,
    seed: int,
) -> dict[str, int]:
    """The monthly matching runs of every municipality, then the eviction chain on top of them."""
    for spec in MUNICIPALITIES:
        steps.start(gettext("Matching runs of %(name)s") % {"name": spec.name})
        run_all_periods(municipality=municipalities[spec.code], periods=periods, today=today)
        steps.done()
    steps.start(gettext("Eviction chain"))
    counts = seed_chain(
        municipalities=[municipalities[spec.code] for spec in MUNICIPALITIES], today=today, seed=seed
    )
    steps.done()
    return counts


def build_demo(*, seed: int = DEFAULT_SEED, today: dt.date, progress: Progress | None = None) -> DemoSummary:
    steps = _Steps(progress)
    zone = ZoneInfo(settings.TIME_ZONE)
    periods = months_back(period_of(today), MONTHS)
    population_rng = random.Random(f"{seed}:population")  # noqa: S311 - synthetic data, not security
    casework_rng = random.Random(f"{seed}:casework")  # noqa: S311
    registers_rng = random.Random(f"{seed}:registers")  # noqa: S311
    faker = Faker("nl_NL")
    faker.seed_instance(seed)

    with transaction.atomic():
        steps.start(gettext("Removing earlier data"))
        wipe_database()
        steps.done()

        steps.start(gettext("Region and logins"))
        region = create_region()
        users, logins = create_users(region)
        _create_settings(region.municipalities, activated_on=periods[0])
        steps.done()

        people = PeopleGenerator(rng=population_rng, faker=faker, reference_date=periods[0])
        simulation = PopulationSimulation(
            rng=population_rng,
            people=people,
            book=ArrearBook(rng=population_rng),
            periods=periods,
        )
        simulated: list[SimCase] = []
        for spec in MUNICIPALITIES:
            steps.start(gettext("Households of %(name)s") % {"name": spec.name})
            simulated += simulation.run(spec)
            steps.done()

        steps.start(gettext("Planning cases"))
        moments = delivery_moments(casework_rng, periods=periods, today=today, zone=zone)
        planner = CasePlanner(
            rng=casework_rng,
            today=today,
            month_count=len(periods),
            delivery_days={key: moment.date() for key, moment in moments.items()},
            zone=zone,
        )
        plans = [planner.plan(sim) for sim in simulated]
        steps.done()

        steps.start(gettext("Deliveries and signals"))
        signals = create_deliveries_and_signals(plans, region=region, periods=periods, moments=moments)
        steps.done()

        steps.start(gettext("Rejected rows"))
        deliveries = {signal.delivery_id: signal.delivery for row in signals for signal in row}
        rejected_count = add_rejected_rows(deliveries=deliveries.values(), seed=seed)
        steps.done()

        steps.start(gettext("Cases"))
        cases = create_cases(plans, region=region, users=users)
        steps.done()

        steps.start(gettext("Signals of cases"))
        link_count = create_case_signals(cases, signals)
        steps.done()

        steps.start(gettext("Contact attempts"))
        attempt_count = create_attempts(plans, cases, users=users)
        steps.done()

        steps.start(gettext("BRP and debt-services client list"))
        registers = build_registers(simulated, people=people, rng=registers_rng, today=today)
        steps.done()

        chain_counts = _match_and_chain(steps, region.municipalities, periods=periods, today=today, seed=seed)

    return DemoSummary(
        municipalities=[
            MunicipalitySummary(code=spec.code, name=spec.name, postcode_areas=spec.postcode_areas)
            for spec in MUNICIPALITIES
        ],
        partners=[
            PartnerSummary(code=spec.code, name=spec.name, type=spec.partner_type.value) for spec in PARTNERS
        ],
        logins=logins,
        counts={
            "households": len({(sim.household.municipality_code, sim.household.number) for sim in simulated}),
            "signals": link_count,
            "rejected_rows": rejected_count,
            "cases": len(cases),
            "contact_attempts": attempt_count,
            "registered_persons": registers.persons,
            "debt_services_clients": registers.debt_services_clients,
            **chain_counts,
        },
    )
