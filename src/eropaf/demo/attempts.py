"""Contact attempts for a worked case: letters, calls, messages, home visits and cards.

Most attempts fall in office hours; some calls and home visits are made in the evening or on a
Saturday (Signalering+ asks for a contact moment outside office hours). An outcome in which the
resident was reached has at least one reached attempt; "no contact" has none.
"""

import datetime as dt
import random
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from eropaf.core.vocabularies import ContactKind, DayPart

OFFICE_KINDS = frozenset({ContactKind.LETTER, ContactKind.EMAIL, ContactKind.ADMINISTRATIVE})
EVENING_KINDS = frozenset(
    {ContactKind.PHONE, ContactKind.HOME_VISIT, ContactKind.WHATSAPP_CALL, ContactKind.SMS_WHATSAPP}
)
SATURDAY = 5


@dataclass(frozen=True)
class AttemptPlan:
    kind: ContactKind
    at: dt.datetime
    reached: bool

    @property
    def day_part(self) -> DayPart:
        return DayPart.of(self.at.timetz())

    @property
    def outside_office_hours(self) -> bool:
        return self.at.hour < 8 or self.at.hour >= 18 or self.at.weekday() >= SATURDAY


def contact_kinds(
    rng: random.Random,
    *,
    reached: bool,
    help_accepted: bool,
    has_phone: bool,
    has_email: bool,
    referral: bool,
) -> list[tuple[ContactKind, bool]]:
    """The attempts in order, as (kind, reached)."""
    options: list[tuple[ContactKind, float]] = [(ContactKind.HOME_VISIT, 2.5)]
    if has_phone:
        options += [
            (ContactKind.PHONE, 3.0),
            (ContactKind.SMS_WHATSAPP, 2.0),
            (ContactKind.WHATSAPP_CALL, 1.0),
        ]
    if has_email:
        options.append((ContactKind.EMAIL, 1.5))
    kinds = [option for option, _ in options]
    weights = [weight for _, weight in options]

    steps: list[tuple[ContactKind, bool]] = []
    if rng.random() < 0.85:
        steps.append((ContactKind.LETTER, False))
    failed = rng.choices((0, 1, 2, 3), weights=(0.3, 0.35, 0.2, 0.15))[0] if reached else rng.randint(2, 6)
    for _ in range(failed):
        kind = rng.choices(kinds, weights=weights)[0]
        steps.append((kind, False))
        if kind == ContactKind.HOME_VISIT and rng.random() < 0.6:
            steps.append((ContactKind.CARD, False))  # a card through the door when nobody is home
    if reached:
        reach_weights = [weight * (1.6 if kind == ContactKind.PHONE else 1.0) for kind, weight in options]
        steps.append((rng.choices(kinds, weights=reach_weights)[0], True))
        if help_accepted and rng.random() < 0.45:
            steps.append((ContactKind.APPOINTMENT_ON_SITE, True))
    if referral:
        steps.append((ContactKind.ADMINISTRATIVE, False))
    return steps


def _moment(rng: random.Random, kind: ContactKind, day: dt.date, zone: ZoneInfo) -> dt.datetime:
    weekend = day.weekday() >= SATURDAY
    if kind in OFFICE_KINDS or kind == ContactKind.APPOINTMENT_ON_SITE:
        minutes = rng.randint(8 * 60 + 30, 16 * 60 + 30)
    elif weekend:
        minutes = rng.randint(10 * 60, 14 * 60)
    elif kind in EVENING_KINDS and rng.random() < 0.15:
        minutes = rng.randint(18 * 60, 20 * 60 + 30)
    else:
        minutes = rng.randint(8 * 60 + 45, 17 * 60 + 30)
    return dt.datetime.combine(day, dt.time(minutes // 60, minutes % 60), tzinfo=zone)


def _office_day(day: dt.date, *, earliest: dt.date, latest: dt.date) -> dt.date:
    """Move a weekend day to the Friday before, or else the Monday after, within the window."""
    if day.weekday() < SATURDAY:
        return day
    friday = day - dt.timedelta(days=day.weekday() - 4)
    monday = day + dt.timedelta(days=7 - day.weekday())
    if friday >= earliest:
        return friday
    return monday if monday <= latest else day


def schedule(
    rng: random.Random, steps: list[tuple[ContactKind, bool]], *, start: dt.date, end: dt.date, zone: ZoneInfo
) -> list[AttemptPlan]:
    """Spread the attempts from ``start`` to at most ``end``; a card follows its home visit."""
    window = (end - start).days
    if window < 0 or not steps:
        return []
    offsets: list[int] = []
    offset = rng.randint(0, 2)
    for kind, _ in steps:
        if kind != ContactKind.CARD and offsets:
            offset += rng.randint(1, 6)
        offsets.append(offset)
    if offsets[-1] > window:
        offsets = [round(value * window / offsets[-1]) for value in offsets]
    plans: list[AttemptPlan] = []
    for (kind, reached), value in zip(steps, offsets, strict=True):
        if kind == ContactKind.CARD and plans:
            at = plans[-1].at + dt.timedelta(minutes=rng.randint(1, 4))
        else:
            day = start + dt.timedelta(days=value)
            if kind in OFFICE_KINDS or kind == ContactKind.APPOINTMENT_ON_SITE:
                day = _office_day(day, earliest=start, latest=end)
            elif day.weekday() > SATURDAY or (day.weekday() == SATURDAY and rng.random() < 0.6):
                day = _office_day(
                    day, earliest=start, latest=end
                )  # no Sunday visits or calls, few on Saturday
            at = _moment(rng, kind, day, zone)
        plans.append(AttemptPlan(kind=kind, at=at, reached=reached))
    plans.sort(key=lambda plan: plan.at)
    return plans
