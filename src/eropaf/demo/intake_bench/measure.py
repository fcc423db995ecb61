"""Our import measured in this process, end to end through ``import_delivery``, stage by stage."""

import datetime as dt
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from eropaf.core.vocabularies import DeliveryChannel
from eropaf.intake.importing import DeliverySource, import_delivery
from eropaf.intake.models import UploadStage
from eropaf.organisations.models import Partner

STAGE_NAMES = {
    UploadStage.READING: "reading",
    UploadStage.VALIDATING: "validating",
    UploadStage.CHECKING: "routing and duplicates",
    UploadStage.STORING: "storing",
    UploadStage.FINISHED: "report",
}


@dataclass
class ImportRun:
    """One measured import and the verdicts it gave."""

    rows: int
    seconds: float
    received: int
    accepted: int
    rejected: int
    duplicate: int
    expected_rejected: int | None = None
    """How many rows the generator broke; every one of them should be rejected."""
    peak_memory_bytes: int | None = None
    """The child process's peak resident memory; None when measured in this process."""
    process_seconds: float | None = None
    """The child's whole life, interpreter and Django start-up included."""
    stages: dict[str, float] = field(default_factory=dict)
    repeats: list[float] = field(default_factory=list)
    """Every repetition's time when the import was repeated; this run is the median one."""

    @property
    def counts_add_up(self) -> bool:
        return self.accepted + self.rejected + self.duplicate == self.received

    def as_dict(self) -> dict[str, Any]:
        return asdict(self) | {"counts_add_up": self.counts_add_up}


class StageClock:
    """A progress callback for ``import_delivery`` that notes when each stage starts."""

    def __init__(self) -> None:
        self.started: dict[UploadStage, float] = {}

    def __call__(self, stage: UploadStage, _done: int, _total: int) -> None:
        self.started.setdefault(stage, time.perf_counter())

    def durations(self, *, ended: float) -> dict[str, float]:
        marks = sorted(self.started.items(), key=lambda item: item[1])
        ends = [moment for _, moment in marks[1:]] + [ended]
        return {
            STAGE_NAMES.get(stage, str(stage)): round(end - start, 3)
            for (stage, start), end in zip(marks, ends, strict=True)
        }


def measure_import(*, partner: Partner, path: Path, period: dt.date) -> ImportRun:
    """Import the file through the product's pipeline in this process and time it."""
    clock = StageClock()
    started = time.perf_counter()
    report = import_delivery(
        partner=partner,
        source=DeliverySource.from_file(path.read_bytes(), path.name),
        channel=DeliveryChannel.COMMAND_LINE,
        period=period,
        may_name_closed_period=True,
        progress=clock,
    )
    ended = time.perf_counter()
    return ImportRun(
        rows=report.received,
        seconds=round(ended - started, 3),
        received=report.received,
        accepted=report.accepted,
        rejected=report.rejected,
        duplicate=report.duplicate,
        stages=clock.durations(ended=ended),
    )
