"""What the ``eropaf`` commands share: refusing with exit code 2, and a progress bar over stages."""

from enum import Enum
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

EXIT_REFUSED = 2


def read_input_file(path: Path) -> bytes:
    """The file's bytes; a file that cannot be read refuses the command (exit code 2)."""
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(
            _("Cannot read %(path)s: %(error)s") % {"path": path, "error": error.strerror},
            returncode=EXIT_REFUSED,
        ) from error


class StageBar:
    """A progress bar on stderr that follows a pipeline's stages and how far each has come."""

    def __init__(self, *, enabled: bool, unit: str = "") -> None:
        self.bar = tqdm(total=0, unit=unit or "it", disable=not enabled, leave=False)

    def __call__(self, stage: Enum, done: int, total: int) -> None:
        self.bar.set_description(str(getattr(stage, "label", stage.value)))
        if total and self.bar.total != total:
            self.bar.reset(total=total)
        self.bar.n = done
        self.bar.refresh()

    def close(self) -> None:
        self.bar.close()
