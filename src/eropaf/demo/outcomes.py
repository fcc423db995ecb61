"""How a case ends (its DDAS outcome), drawn from what is known about the household.

The mix follows national practice: about a third of picked-up cases never reach the resident,
roughly 30% accept help, repeats of an arrear that did not grow are not picked up again.
"""

import datetime as dt
import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

from eropaf.core.vocabularies import Outcome

if TYPE_CHECKING:
    from eropaf.demo.arrears import SignalFacts
    from eropaf.demo.population import Household

HELP_ACCEPTED_MIX = (
    (Outcome.ADVICE_OR_QUICK_FIX, 0.40),
    (Outcome.FOLLOW_UP_FINANCIAL, 0.35),
    (Outcome.FOLLOW_UP_HELP, 0.15),
    (Outcome.FOLLOW_UP_NON_FINANCIAL, 0.10),
)
REACHED_WITHOUT_HELP_MIX = (
    (Outcome.SOLVES_IT_SELF, 0.35),
    (Outcome.ALREADY_PAID, 0.30),
    (Outcome.NO_RESPONSE_AFTER_CONTACT, 0.20),
    (Outcome.OTHER_TRAJECTORY, 0.15),
)
HELP_ACCEPTED_AMONG_REACHED = 0.46


def _pick(rng: random.Random, mix: Sequence[tuple[Outcome, float]]) -> Outcome:
    return rng.choices([outcome for outcome, _ in mix], weights=[weight for _, weight in mix])[0]


def decide_fate(
    *, rng: random.Random, household: "Household", signals: Sequence["SignalFacts"], today: dt.date
) -> Outcome:
    """The outcome this case will have once it is closed."""
    declined = _declined_at_triage(rng=rng, household=household, signals=signals, today=today)
    if declined is not None:
        return declined
    unreachable = 0.12 + (0.5 if household.hard_to_reach else 0.0)
    if not any(person.phone for person in household.adults):
        unreachable += 0.12
    if rng.random() < unreachable:
        return Outcome.REFERRAL_WITHOUT_RESIDENT if rng.random() < 0.03 else Outcome.NO_CONTACT
    if rng.random() < HELP_ACCEPTED_AMONG_REACHED:
        return _pick(rng, HELP_ACCEPTED_MIX)
    return _pick(rng, REACHED_WITHOUT_HELP_MIX)


def _declined_at_triage(
    *, rng: random.Random, household: "Household", signals: Sequence["SignalFacts"], today: dt.date
) -> Outcome | None:
    """A "not picked up" outcome from the BRP check, the known-client check or the repeat rule."""
    oldest = max(person.age_on(today) for person in household.adults)
    checks = (
        (Outcome.DECEASED, 0.02 if oldest >= 75 else 0.002),
        (Outcome.NOT_A_RESIDENT, 0.012),
        (Outcome.KNOWN_TO_DEBT_SERVICES, 0.85 if household.known_to_debt_services else 0.0),
        (Outcome.NOT_PICKED_UP_REPEAT, 0.75 if all(signal.is_repeat for signal in signals) else 0.0),
        (Outcome.NOT_PICKED_UP_OTHER, 0.012),
        (Outcome.NOT_PICKED_UP_UNJUSTIFIED, 0.008),
    )
    for outcome, chance in checks:
        if rng.random() < chance:
            return outcome
    return None


# Chance that an arrear is settled after a case with this outcome (help accepted pauses collection).
SETTLED_CHANCE = {
    Outcome.ADVICE_OR_QUICK_FIX: 0.85,
    Outcome.FOLLOW_UP_FINANCIAL: 0.75,
    Outcome.FOLLOW_UP_HELP: 0.6,
    Outcome.FOLLOW_UP_NON_FINANCIAL: 0.5,
    Outcome.ALREADY_PAID: 0.9,
    Outcome.SOLVES_IT_SELF: 0.6,
    Outcome.OTHER_TRAJECTORY: 0.5,
}


def apply_fate(
    *, rng: random.Random, household: "Household", signals: Sequence["SignalFacts"], fate: Outcome
) -> None:
    """What the outcome means for the household's later months."""
    if fate in (Outcome.DECEASED, Outcome.NOT_A_RESIDENT):
        household.gone = True
        return
    if fate == Outcome.FOLLOW_UP_FINANCIAL and rng.random() < 0.5:
        household.known_to_debt_services = True
    if fate.is_reached:
        household.hard_to_reach = False
    settled = SETTLED_CHANCE.get(fate, 0.0)
    for signal in signals:
        arrear = household.arrears.get(signal.signal_type)
        if arrear is not None and arrear.reference == signal.reference and rng.random() < settled:
            arrear.resolved = True
