"""Divosa classification of the simulated cases, computed from the data as matching would.

Multiple: 2+ signals on one address in one month. Consecutive: another signal on the address in
the previous 6 months. Rising: the partner signalled the same reference before with a lower amount.
Persistent: the same reference signalled in 3 or more consecutive months up to this one.
"""

from collections import defaultdict

from eropaf.demo.arrears import SignalFacts
from eropaf.demo.population import SimCase

LOOKBACK_MONTHS = 6


class Classification:
    def __init__(self, cases: list[SimCase]) -> None:
        self._address_months: dict[tuple[str, str], set[int]] = defaultdict(set)
        self._amounts: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
        for case in cases:
            household = case.household
            self._address_months[(household.municipality_code, household.address.key)].add(case.month)
            for signal in case.signals:
                self._amounts[(signal.partner_code, signal.reference)][case.month] = signal.amount_cents

    def is_consecutive(self, case: SimCase) -> bool:
        months = self._address_months[(case.household.municipality_code, case.household.address.key)]
        return any(case.month - LOOKBACK_MONTHS <= month < case.month for month in months)

    def is_rising(self, signal: SignalFacts, month: int) -> bool:
        amounts = self._amounts[(signal.partner_code, signal.reference)]
        earlier = [m for m in amounts if month - LOOKBACK_MONTHS <= m < month]
        return bool(earlier) and amounts[max(earlier)] < signal.amount_cents

    def is_persistent(self, signal: SignalFacts, month: int) -> bool:
        amounts = self._amounts[(signal.partner_code, signal.reference)]
        return month - 1 in amounts and month - 2 in amounts
