"""The eviction chain in the demo: after the matching runs (which made the households' court
timelines from the delivered court dates), each app of the chain adds its records to every demo
municipality — the core first, then Signalering+, the Meldpunt and the Regieteam."""

import datetime as dt
import random
from collections import Counter

from eropaf.demo import chain_care_desk, chain_coordination, chain_escalation, chain_signalering_plus
from eropaf.organisations.models import Municipality

SEEDS = (chain_escalation.seed, chain_signalering_plus.seed, chain_care_desk.seed, chain_coordination.seed)


def seed_chain(*, municipalities: list[Municipality], today: dt.date, seed: int) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for municipality in municipalities:
        for index, seed_app in enumerate(SEEDS):
            rng = random.Random(f"{seed}:chain:{municipality.code}:{index}")  # noqa: S311 - synthetic data
            counts.update(seed_app(municipality=municipality, today=today, rng=rng))
    return dict(counts)
