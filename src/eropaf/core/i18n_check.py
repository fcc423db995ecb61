"""CI check: the Dutch catalogue is complete and compiled.

Fails when a source string has no Dutch translation, a translation is fuzzy, or the .po holds fewer
strings than the code uses (run ``make messages``). The .mo is compiled by ``make install``.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
CATALOGUE = PACKAGE_DIR / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def _entries(po_text: str) -> dict[str, tuple[str, bool]]:
    """msgid → (msgstr, fuzzy); plural forms count as translated when the first form is."""
    entries: dict[str, tuple[str, bool]] = {}
    for block in po_text.split("\n\n"):
        lines = block.strip().splitlines()
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        msgid: list[str] = []
        msgstr: list[str] = []
        current: list[str] | None = None
        for line in lines:
            if line.startswith("msgid "):
                msgid = [line[6:]]
                current = msgid
            elif line.startswith(("msgstr ", "msgstr[0] ")):
                current = msgstr
                msgstr.append(line.split(" ", 1)[1])
            elif line.startswith("msgstr["):
                current = None
            elif line.startswith('"') and current is not None:
                current.append(line)
        key = "".join(part.strip('"') for part in msgid)
        if key:
            entries[key] = ("".join(part.strip('"') for part in msgstr), fuzzy)
    return entries


def _fresh_source_strings() -> set[str]:
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "eropaf"
        subprocess.run(["cp", "-r", str(PACKAGE_DIR), str(copy)], check=True)  # noqa: S603, S607
        subprocess.run(
            [sys.executable, "-m", "django", "makemessages", "--locale", "nl", "--no-location", "-v", "0"],
            cwd=copy,
            check=True,
            # Import the copy, so that LOCALE_PATHS (and the catalogue written) are the copy's.
            env={
                "DJANGO_SETTINGS_MODULE": "eropaf.config.settings",
                "PYTHONPATH": scratch,
                "PATH": "/usr/bin:/bin",
            },
        )
        return set(_entries((copy / "locale/nl/LC_MESSAGES/django.po").read_text()))


def main() -> int:
    if not CATALOGUE.exists():
        print(f"Missing catalogue {CATALOGUE}: run make messages")  # noqa: T201
        return 1
    entries = _entries(CATALOGUE.read_text())
    problems = [f"untranslated: {key!r}" for key, (text, _) in entries.items() if not text]
    problems += [f"fuzzy: {key!r}" for key, (_, fuzzy) in entries.items() if fuzzy]
    problems += [f"not in catalogue: {key!r}" for key in sorted(_fresh_source_strings() - set(entries))]
    for problem in problems:
        print(problem)  # noqa: T201
    if problems:
        print(f"{len(problems)} problem(s) in the Dutch catalogue")  # noqa: T201
        return 1
    print(f"Dutch catalogue complete: {len(entries)} strings")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
