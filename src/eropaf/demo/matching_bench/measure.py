"""Our matching of the month, measured: read, classify and store in one transaction, stage by stage.

Exactly what a matching run does before the outside registries (``services._match``):
``engine.read_period``, ``engine.read_history``, ``classification.classify`` and ``engine.store``.
The BRP check and the debt-services check are not part of the figure: their time is the outside
registry's.
"""

import datetime as dt
import re
import resource
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from django.db import transaction

from eropaf.matching import engine
from eropaf.matching.classification import Windows, classify

STAGES = ("read", "classify", "store")
_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _status_kib(name: str) -> int | None:
    try:
        found = re.search(rf"^{name}:\s+(\d+) kB", _STATUS.read_text(), re.MULTILINE)
    except OSError:
        return None
    return int(found.group(1)) if found else None


class PeakMemory:
    """The peak resident memory of this process during a block.

    Linux keeps a high-water mark (``VmHWM``); writing ``5`` to ``/proc/self/clear_refs`` resets it
    to the current size, so the peak is the block's own. Where that is not possible the process's
    peak since it started is given instead, and ``of_block`` says so.
    """

    def __init__(self) -> None:
        self.before: int | None = None
        self.peak: int | None = None
        self.of_block = False

    def __enter__(self) -> "PeakMemory":
        try:
            _CLEAR_REFS.write_text("5")
            self.of_block = _status_kib("VmHWM") is not None
        except OSError:
            self.of_block = False
        rss = _status_kib("VmRSS")
        self.before = rss * 1024 if rss is not None else None
        return self

    def __exit__(
        self, _type: type[BaseException] | None, _error: BaseException | None, _tb: TracebackType | None
    ) -> None:
        peak = _status_kib("VmHWM") if self.of_block else None
        # ru_maxrss is in KiB on Linux.
        self.peak = (peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


@dataclass
class MatchRun:
    """One measured run of our matching of the month."""

    seconds: float
    stages: dict[str, float]
    signals: int
    history_rows: int
    cases: int
    cases_created: int
    cases_updated: int
    signals_added: int
    classes: dict[str, int] = field(default_factory=dict)
    memory_before_bytes: int | None = None
    peak_memory_bytes: int | None = None
    peak_of_run: bool = False
    """True when the peak is this run's own; False: the process's peak since it started."""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def measure_ours(*, municipality_id: int, period: dt.date, windows: Windows) -> MatchRun:
    """Read, classify and store the month in one transaction; the store stage includes the commit."""
    with PeakMemory() as memory:
        started = time.perf_counter()
        with transaction.atomic():
            bag_ids = engine.known_bag_ids(municipality_id)
            current = engine.read_period(municipality_id=municipality_id, period=period, known=bag_ids)
            history = engine.read_history(
                municipality_id=municipality_id, period=period, windows=windows, known=bag_ids
            )
            read = time.perf_counter()
            classified = classify(current, history, period=period, windows=windows)
            classified_at = time.perf_counter()
            stored = engine.store(
                classified,
                municipality_id=municipality_id,
                period=period,
                windows=windows,
                households=current,
            )
        ended = time.perf_counter()
    return MatchRun(
        seconds=round(ended - started, 3),
        stages={
            "read": round(read - started, 3),
            "classify": round(classified_at - read, 3),
            "store": round(ended - classified_at, 3),
        },
        signals=current.height,
        history_rows=history.height,
        cases=classified.cases.height,
        cases_created=stored.cases_created,
        cases_updated=stored.cases_updated,
        signals_added=stored.signals_added,
        classes=stored.classes,
        memory_before_bytes=memory.before,
        peak_memory_bytes=memory.peak,
        peak_of_run=memory.of_block,
    )
