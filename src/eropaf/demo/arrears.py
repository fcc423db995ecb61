"""Arrears as partners see them: realistic amounts per type, rising and persistent arrears, court steps.

An ``Arrear`` lives across months: a partner may signal it again (same reference) with the same or a
higher amount. Each signal is a frozen ``SignalFacts`` snapshot of the arrear in that month.
"""

import datetime as dt
import random
from dataclasses import dataclass

from eropaf.core.periods import shift_months
from eropaf.core.vocabularies import PartnerType
from eropaf.demo.people import Person
from eropaf.demo.region import partner

# How often a re-signalled arrear has grown since the last signal, per type.
RISING_CHANCE = {
    PartnerType.RENT: 0.75,
    PartnerType.ENERGY: 0.55,
    PartnerType.HEALTH_INSURANCE: 0.5,
    PartnerType.WATER: 0.45,
}
# Beyond these months an arrear stops growing in the partner's signals (health insurers hand
# premium arrears to the CAK after six months; energy and water suppliers end the contract).
MAX_MONTHS = {
    PartnerType.RENT: 10,
    PartnerType.ENERGY: 7,
    PartnerType.HEALTH_INSURANCE: 6,
    PartnerType.WATER: 12,
}
MIN_AMOUNT_CENTS = {
    PartnerType.RENT: 50_000,
    PartnerType.ENERGY: 20_000,
    PartnerType.HEALTH_INSURANCE: 15_000,
    PartnerType.WATER: 8_000,
}


@dataclass
class Arrear:
    partner_code: str
    signal_type: PartnerType
    reference: str
    customer_number: str
    person: Person
    start_date: dt.date
    instalment_cents: int
    months: int
    amount_cents: int
    last_month: int
    resolved: bool = False
    end_of_supply: bool = False
    summons_date: dt.date | None = None
    judgment_date: dt.date | None = None
    eviction_date: dt.date | None = None


@dataclass(frozen=True)
class SignalFacts:
    """What one signal says: the arrear in one month."""

    partner_code: str
    signal_type: PartnerType
    reference: str
    customer_number: str
    person: Person
    arrear_start_date: dt.date
    amount_cents: int
    instalment_cents: int
    months_in_arrears: int
    is_crisis: bool
    is_end_of_supply: bool
    is_warm_handover: bool
    summons_date: dt.date | None
    judgment_date: dt.date | None
    eviction_date: dt.date | None
    # Signalled before within three months and not grown since: a repeat of the same arrear.
    is_repeat: bool


class ArrearBook:
    """Opens and continues arrears; references are unique per partner."""

    def __init__(self, *, rng: random.Random) -> None:
        self.rng = rng
        self._references: dict[str, set[str]] = {}

    def _reference(self, partner_code: str) -> str:
        taken = self._references.setdefault(partner_code, set())
        prefix = partner(partner_code).reference_prefix
        while True:
            reference = f"{prefix}-{self.rng.randint(1_000_000, 99_999_999)}"
            if reference not in taken:
                taken.add(reference)
                return reference

    def _first_amount(self, signal_type: PartnerType) -> tuple[int, int, int]:
        """(instalment, months in arrears, amount) of a newly signalled arrear, in cents."""
        rng = self.rng
        if signal_type == PartnerType.RENT:
            rent = rng.randint(55_000, 95_000)
            months = rng.choices((2, 3, 4), weights=(0.45, 0.35, 0.2))[0]
            return rent, months, rent * months - rng.randint(0, rent // 2)
        if signal_type == PartnerType.ENERGY:
            instalment = rng.randint(9_000, 25_000)
            months = rng.randint(2, 5)
            amount = int(instalment * months * rng.uniform(0.85, 1.15))
            return instalment, months, min(max(amount, 20_000), 150_000)
        if signal_type == PartnerType.WATER:
            instalment = rng.randint(2_000, 4_500)
            months = rng.randint(3, 9)
            amount = int(instalment * months * rng.uniform(0.9, 1.2))
            return instalment, months, min(max(amount, 8_000), 40_000)
        premium = rng.randint(13_500, 16_500)
        months = rng.choices((2, 3, 4, 5, 6), weights=(0.35, 0.25, 0.2, 0.12, 0.08))[0]
        amount = premium * months - rng.randint(0, premium * 9 // 10)
        return premium, months, min(max(amount, 15_000), 90_000)

    def open(
        self, *, partner_code: str, signal_type: PartnerType, person: Person, period: dt.date, month: int
    ) -> Arrear:
        instalment, months, amount = self._first_amount(signal_type)
        amount = max(amount, MIN_AMOUNT_CENTS.get(signal_type, 1_000))
        first_due = shift_months(period, -months)
        if signal_type != PartnerType.RENT:
            first_due = first_due.replace(day=self.rng.randint(1, 28))
        customer_number = "" if signal_type == PartnerType.RENT else str(self.rng.randint(10**8, 10**9 - 1))
        arrear = Arrear(
            partner_code=partner_code,
            signal_type=signal_type,
            reference=self._reference(partner_code),
            customer_number=customer_number,
            person=person,
            start_date=first_due,
            instalment_cents=instalment,
            months=months,
            amount_cents=amount,
            last_month=month,
            # Since April 2023 end-of-supply signals often come without an earlier signal.
            end_of_supply=signal_type == PartnerType.ENERGY and self.rng.random() < 0.07,
        )
        self._court_steps(arrear, period)
        return arrear

    def continue_(self, arrear: Arrear, *, period: dt.date, month: int) -> bool:
        """Signal the arrear again this month; True when it is a repeat (not grown, recent)."""
        gap = month - arrear.last_month
        rng = self.rng
        repeat = False
        growth = min(gap, MAX_MONTHS.get(arrear.signal_type, 6) - arrear.months)
        if growth > 0 and rng.random() < RISING_CHANCE.get(arrear.signal_type, 0.5):
            arrear.amount_cents += int(arrear.instalment_cents * growth * rng.uniform(0.6, 1.0))
            arrear.months += growth
        elif rng.random() < 0.2:
            # A partial payment: lower than before, still an arrear.
            paid = int(arrear.instalment_cents * rng.uniform(0.3, 0.9))
            floor = max(arrear.amount_cents // 2, MIN_AMOUNT_CENTS.get(arrear.signal_type, 1_000))
            arrear.amount_cents = max(arrear.amount_cents - paid, min(floor, arrear.amount_cents))
            repeat = gap <= 3
        else:
            repeat = gap <= 3
        arrear.last_month = month
        if arrear.signal_type == PartnerType.ENERGY and arrear.months >= 3 and rng.random() < 0.25:
            arrear.end_of_supply = True
        self._court_steps(arrear, period)
        return repeat

    def _court_steps(self, arrear: Arrear, period: dt.date) -> None:
        """A summons after about three months of rent arrears, then a judgment and an eviction date."""
        if arrear.signal_type != PartnerType.RENT:
            return
        rng = self.rng
        if arrear.summons_date is None:
            if arrear.months >= 3 and rng.random() < 0.35:
                arrear.summons_date = period - dt.timedelta(days=rng.randint(2, 25))
        elif arrear.judgment_date is None:
            waited = (period - arrear.summons_date).days
            if waited > 30 and rng.random() < 0.6:
                arrear.judgment_date = arrear.summons_date + dt.timedelta(
                    days=rng.randint(28, min(56, waited - 1))
                )
        elif arrear.eviction_date is None and rng.random() < 0.7:
            arrear.eviction_date = arrear.judgment_date + dt.timedelta(days=rng.randint(42, 84))

    def facts(self, arrear: Arrear, *, repeat: bool) -> SignalFacts:
        rng = self.rng
        eviction_planned = arrear.eviction_date is not None
        is_corporation = (
            arrear.signal_type == PartnerType.RENT and not partner(arrear.partner_code).is_private_landlord
        )
        return SignalFacts(
            partner_code=arrear.partner_code,
            signal_type=arrear.signal_type,
            reference=arrear.reference,
            customer_number=arrear.customer_number,
            person=arrear.person,
            arrear_start_date=arrear.start_date,
            amount_cents=arrear.amount_cents,
            instalment_cents=arrear.instalment_cents,
            months_in_arrears=arrear.months,
            is_crisis=arrear.end_of_supply or eviction_planned or rng.random() < 0.01,
            is_end_of_supply=arrear.end_of_supply,
            is_warm_handover=is_corporation and rng.random() < 0.03,
            summons_date=arrear.summons_date,
            judgment_date=arrear.judgment_date,
            eviction_date=arrear.eviction_date,
            is_repeat=repeat,
        )
