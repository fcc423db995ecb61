"""A household population with recurring arrears, simulated month by month.

Each month a municipality gets about 4 signals per 1,000 inhabitants. About 40% of the month's
cases come from households that had a case in the previous six months (chosen with a preference
for households whose arrear is still open, which yields persistent and rising arrears); the rest
are new households. About 11% of cases get a second (sometimes a third) signal from another
partner. Signal types are drawn against monthly quotas so the mix stays at the national figures.
"""

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from eropaf.core.vocabularies import Outcome, PartnerType
from eropaf.demo.arrears import Arrear, ArrearBook, SignalFacts
from eropaf.demo.outcomes import apply_fate, decide_fate
from eropaf.demo.people import Address, PeopleGenerator, Person
from eropaf.demo.region import (
    ENERGY_PARTNER,
    INSURER_WEIGHTS,
    LANDLORD_WEIGHTS,
    TYPE_SHARES,
    WATER_PARTNER,
    MunicipalitySpec,
)

MULTIPLE_SHARE = 0.11
THIRD_SIGNAL_SHARE = 0.15  # of multiple cases
CONSECUTIVE_SHARE = 0.40
LOOKBACK_MONTHS = 6
CONTINUE_OPEN_ARREAR = 0.72
# Fewer signals in summer, more after the holidays.
SEASON = {
    1: 1.05,
    2: 1.04,
    3: 1.02,
    4: 1.0,
    5: 0.98,
    6: 0.97,
    7: 0.95,
    8: 0.96,
    9: 1.0,
    10: 1.01,
    11: 1.02,
    12: 1.0,
}
CONTINUE_WEIGHT = {
    PartnerType.RENT: 3.0,
    PartnerType.ENERGY: 2.0,
    PartnerType.HEALTH_INSURANCE: 1.5,
    PartnerType.WATER: 1.0,
}


@dataclass
class Household:
    number: int
    municipality_code: str
    address: Address
    adults: list[Person]
    has_minors: bool
    landlord_code: str
    insurer_codes: list[str]
    risk: float
    hard_to_reach: bool
    known_to_debt_services: bool
    arrears: dict[PartnerType, Arrear] = field(default_factory=dict)
    case_months: list[int] = field(default_factory=list)
    gone: bool = False


@dataclass
class SimCase:
    household: Household
    month: int
    period: dt.date
    signals: list[SignalFacts]
    fate: Outcome = Outcome.NO_CONTACT


def allocate(total: int, shares: dict[PartnerType, float]) -> dict[PartnerType, int]:
    """Whole numbers per type that add up to ``total`` (largest remainder)."""
    raw = {kind: total * share for kind, share in shares.items()}
    counts = {kind: math.floor(value) for kind, value in raw.items()}
    by_remainder = sorted(raw, key=lambda kind: raw[kind] - counts[kind], reverse=True)
    for kind in by_remainder[: total - sum(counts.values())]:
        counts[kind] += 1
    return counts


def weighted_sample(
    rng: random.Random, items: list[Household], weights: list[float], k: int
) -> list[Household]:
    """``k`` items without replacement, each chosen with probability proportional to its weight."""
    keyed = [(rng.random() ** (1.0 / weight), index) for index, weight in enumerate(weights)]
    keyed.sort(reverse=True)
    return [items[index] for _, index in keyed[:k]]


class PopulationSimulation:
    def __init__(
        self, *, rng: random.Random, people: PeopleGenerator, book: ArrearBook, periods: list[dt.date]
    ) -> None:
        self.rng = rng
        self.people = people
        self.book = book
        self.periods = periods
        self._household_numbers = 0

    def run(self, spec: MunicipalitySpec) -> list[SimCase]:
        households: list[Household] = []
        taken: set[str] = set()
        cases: list[SimCase] = []
        for month in range(len(self.periods)):
            cases.extend(self.month(spec, month, households, taken))
        return cases

    def month(
        self, spec: MunicipalitySpec, month: int, households: list[Household], taken: set[str]
    ) -> list[SimCase]:
        rng = self.rng
        period = self.periods[month]
        signal_count = round(spec.monthly_signals * SEASON[period.month] * rng.uniform(0.97, 1.03))
        quotas = allocate(signal_count, TYPE_SHARES)
        case_count = round(signal_count / (1 + MULTIPLE_SHARE * (1 + THIRD_SIGNAL_SHARE)))
        extra_count = signal_count - case_count
        multiple_count = min(round(case_count * MULTIPLE_SHARE), extra_count)

        returning = self._returning(households, month, case_count)
        newcomers = [self._new_household(spec, taken) for _ in range(case_count - len(returning))]
        households.extend(newcomers)

        # How many signals each household gets this month. Multi-problem (returning) households
        # are a little more likely to have several arrears at once.
        everyone = returning + newcomers
        weights = [1.5 if household.case_months else 1.0 for household in everyone]
        several = weighted_sample(rng, everyone, weights, multiple_count)
        sizes = {household.number: 1 for household in everyone}
        for index, household in enumerate(several):
            sizes[household.number] = 3 if index < extra_count - multiple_count else 2

        # Returning households first (their open arrears come back), then new households with
        # several arrears, and new single-signal households last: they take whatever the type
        # quotas still need, which keeps the month's mix exact.
        returning_numbers = {household.number for household in returning}
        order = sorted(
            everyone,
            key=lambda h: (h.number not in returning_numbers, sizes[h.number] == 1),
        )
        cases: list[SimCase] = []
        for household in order:
            first = (
                self._primary(household, month, quotas)
                if household.number in returning_numbers
                else self._signal(household, self._draw_type(quotas, ()), month)
            )
            quotas[first.signal_type] -= 1
            case = SimCase(household, month, period, [first])
            for _ in range(sizes[household.number] - 1):
                present = tuple(signal.signal_type for signal in case.signals)
                kind = self._draw_type(quotas, present)
                case.signals.append(self._signal(household, kind, month))
                quotas[kind] -= 1
            cases.append(case)

        for case in cases:
            case.fate = decide_fate(
                rng=rng, household=case.household, signals=case.signals, today=self.people.reference_date
            )
            apply_fate(rng=rng, household=case.household, signals=case.signals, fate=case.fate)
            case.household.case_months.append(month)
        return cases

    def _returning(self, households: list[Household], month: int, case_count: int) -> list[Household]:
        """Households with a case in the previous six months that have a case again this month."""
        # The first months have less history to return from.
        ramp = min(1.0, (1 - 0.6**month) / (1 - 0.6**LOOKBACK_MONTHS))
        wanted = round(case_count * CONSECUTIVE_SHARE * ramp)
        pool = [
            h
            for h in households
            if not h.gone and h.case_months and h.case_months[-1] >= month - LOOKBACK_MONTHS
        ]
        weights = []
        for household in pool:
            weight = household.risk * (1.5 - 0.1 * (month - household.case_months[-1]))
            running = [a for a in household.arrears.values() if not a.resolved and a.last_month == month - 1]
            if running:
                # Landlords re-signal an unpaid rent arrear month after month (persistent arrears).
                weight *= 8.0 if any(a.signal_type == PartnerType.RENT for a in running) else 3.0
            if household.hard_to_reach:
                weight *= 1.3
            weights.append(weight)
        return weighted_sample(self.rng, pool, weights, min(wanted, len(pool)))

    def _new_household(self, spec: MunicipalitySpec, taken: set[str]) -> Household:
        rng, people = self.rng, self.people
        self._household_numbers += 1
        address = people.address(spec, taken)
        first = people.person()
        age = first.age_on(people.reference_date)
        adults = [first]
        if age >= 20 and rng.random() < 0.42:
            surname = (first.surname_prefix, first.surname) if rng.random() < 0.5 else None
            partner_age = min(90, max(18, age + rng.randint(-6, 6)))
            adults.append(people.person(surname=surname, age=partner_age))
        minors_chance = 0.55 if 23 <= age <= 50 else 0.15 if 51 <= age <= 58 else 0.08 if age < 23 else 0.0
        insurer = self._weighted(INSURER_WEIGHTS)
        insurers = [insurer] + [
            insurer if rng.random() < 0.8 else self._weighted(INSURER_WEIGHTS) for _ in adults[1:]
        ]
        return Household(
            number=self._household_numbers,
            municipality_code=spec.code,
            address=address,
            adults=adults,
            has_minors=rng.random() < minors_chance,
            landlord_code=self._weighted(LANDLORD_WEIGHTS[spec.code]),
            insurer_codes=insurers,
            risk=rng.choice((0.5, 1.0, 1.0, 1.5, 2.5)),
            hard_to_reach=rng.random() < 0.33,
            known_to_debt_services=rng.random() < 0.04,
        )

    def _weighted(self, options: tuple[tuple[str, float], ...]) -> str:
        return self.rng.choices([code for code, _ in options], weights=[weight for _, weight in options])[0]

    def _draw_type(self, quotas: dict[PartnerType, int], exclude: tuple[PartnerType, ...]) -> PartnerType:
        kinds = [kind for kind in TYPE_SHARES if kind not in exclude]
        weights = [max(quotas[kind], 0) for kind in kinds]
        if sum(weights) == 0:
            weights = [round(TYPE_SHARES[kind] * 100) for kind in kinds]
        return self.rng.choices(kinds, weights=weights)[0]

    def _primary(self, household: Household, month: int, quotas: dict[PartnerType, int]) -> SignalFacts:
        """A returning household's first signal: usually the open arrear again, else a new one."""
        open_arrears = [
            arrear
            for arrear in household.arrears.values()
            if not arrear.resolved
            and arrear.last_month >= month - LOOKBACK_MONTHS
            and quotas[arrear.signal_type] > 0
        ]
        if open_arrears and self.rng.random() < CONTINUE_OPEN_ARREAR:
            weights = [
                CONTINUE_WEIGHT[arrear.signal_type] * (2.0 if arrear.last_month == month - 1 else 1.0)
                for arrear in open_arrears
            ]
            chosen = self.rng.choices(open_arrears, weights=weights)[0]
            return self._signal(household, chosen.signal_type, month)
        return self._signal(household, self._draw_type(quotas, ()), month)

    def _signal(self, household: Household, kind: PartnerType, month: int) -> SignalFacts:
        """This month's signal of the household's arrear of this type, continued or newly opened."""
        period = self.periods[month]
        arrear = household.arrears.get(kind)
        if (
            arrear is not None
            and not arrear.resolved
            and month - LOOKBACK_MONTHS <= arrear.last_month < month
        ):
            repeat = self.book.continue_(arrear, period=period, month=month)
            return self.book.facts(arrear, repeat=repeat)
        person_index = self.rng.randrange(len(household.adults)) if self.rng.random() < 0.3 else 0
        if kind == PartnerType.RENT:
            partner_code = household.landlord_code
        elif kind == PartnerType.HEALTH_INSURANCE:
            partner_code = household.insurer_codes[person_index]
        else:
            partner_code = ENERGY_PARTNER if kind == PartnerType.ENERGY else WATER_PARTNER
        arrear = self.book.open(
            partner_code=partner_code,
            signal_type=kind,
            person=household.adults[person_index],
            period=period,
            month=month,
        )
        household.arrears[kind] = arrear
        return self.book.facts(arrear, repeat=False)
