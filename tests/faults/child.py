"""A worker process for the fault tests: ``python -m tests.faults.child SCENARIO MARKER``.

Runs ``eropaf db_worker --batch`` (every queue, exit when none is left) against the database in
``DATABASE_URL``. A scenario other than ``none`` installs one pause: when the job reaches that point
it writes MARKER and sleeps, so that the test can kill the process with SIGKILL at exactly that
point. Nothing of ours runs after SIGKILL, so what the test then sees is what a real crash leaves.
"""

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def pause_at(marker: Path) -> None:
    marker.write_text(str(os.getpid()))
    time.sleep(600)


def after_call(module: Any, name: str, *, times: int, pause: Callable[[], None]) -> None:
    """Replace ``module.name`` so that its ``times``-th call returns and then pauses."""
    real = getattr(module, name)
    calls = [0]

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        calls[0] += 1
        if calls[0] == times:
            pause()
        return result

    setattr(module, name, wrapped)


def install(scenario: str, marker: Path) -> None:
    pause = lambda: pause_at(marker)  # noqa: E731
    if scenario == "import-storing":
        # Inside the delivery's transaction, after the first chunk of signals is inserted.
        from eropaf.intake import storing  # noqa: PLC0415

        after_call(storing, "insert_frame", times=1, pause=pause)
    elif scenario == "import-committed":
        # The delivery is committed; the upload is not yet marked done.
        from eropaf.intake import services  # noqa: PLC0415
        from eropaf.intake.models import UploadStatus  # noqa: PLC0415

        real_finish = services._finish

        def pause_before_done(upload: Any, **kwargs: Any) -> None:
            if kwargs.get("status") == UploadStatus.DONE:
                pause()
            real_finish(upload, **kwargs)

        services._finish = pause_before_done
    elif scenario == "matching-storing":
        # Inside the transaction that stores the run's cases, after they are all written.
        from eropaf.matching import engine  # noqa: PLC0415

        after_call(engine, "store", times=1, pause=pause)
    elif scenario == "matching-stored":
        # The cases are committed; the run is at the BRP check.
        from eropaf.matching import services as matching  # noqa: PLC0415

        def pause_in_check(**_kwargs: Any) -> None:
            pause()

        setattr(matching, "check_persons", pause_in_check)  # noqa: B010 — replaced on purpose
    elif scenario == "letters-between":
        # Two letters are committed with the batch's count; the third is not begun.
        from eropaf.letters import batches  # noqa: PLC0415

        after_call(batches, "_write_one", times=2, pause=pause)
    elif scenario == "letters-inside":
        # Inside the second letter's transaction: its PDF is on disk, its row and count are not committed.
        from eropaf.letters import batches  # noqa: PLC0415

        after_call(batches, "_count_one", times=2, pause=pause)
    elif scenario != "none":
        raise SystemExit(f"unknown scenario {scenario}")


def wait_for_go(marker: Path) -> None:
    """Say this worker is ready and wait for the test's go, so that several start at one moment."""
    go = marker.with_name("go")
    marker.with_suffix(".ready").write_text(str(os.getpid()))
    while not go.exists():
        time.sleep(0.02)


def main() -> None:
    scenario, marker = sys.argv[1], Path(sys.argv[2])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eropaf.config.settings")
    import django  # noqa: PLC0415

    django.setup()
    install(scenario, marker)
    if "--together" in sys.argv[3:]:
        wait_for_go(marker)
    from django.core.management import call_command  # noqa: PLC0415

    call_command(
        "db_worker", queue_name="*", batch=True, startup_delay=False, interval=0.1, reload=False, verbosity=0
    )


if __name__ == "__main__":
    main()
