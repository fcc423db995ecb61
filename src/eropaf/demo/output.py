"""What ``eropaf demo`` prints: one JSON object for scripts, or a table of logins for people."""

from typing import Any

from django.core.management.base import OutputWrapper
from django.utils.translation import gettext

from eropaf.demo.builder import DemoSummary


def summary_as_json(summary: DemoSummary) -> dict[str, Any]:
    return {
        "municipalities": [
            {"code": item.code, "name": item.name, "postcode_areas": item.postcode_areas}
            for item in summary.municipalities
        ],
        "partners": [{"code": item.code, "name": item.name, "type": item.type} for item in summary.partners],
        "users": [
            {
                "username": login.username,
                "password": login.password,
                "role": login.role.value,
                "role_label": login.role_label,
                "scope": login.scope,
            }
            for login in summary.logins
            if login.role is not None
        ],
    }


def login_table(summary: DemoSummary) -> str:
    header = (gettext("Username"), gettext("Password"), gettext("Role"), gettext("Scope"))
    rows = [header] + [
        (login.username, login.password, login.role_label, login.scope) for login in summary.logins
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def counts_line(summary: DemoSummary) -> str:
    counts = summary.counts
    return gettext(
        "%(households)s households, %(signals)s signals, %(cases)s cases, %(attempts)s contact attempts."
    ) % {
        "households": counts.get("households", 0),
        "signals": counts.get("signals", 0),
        "cases": counts.get("cases", 0),
        "attempts": counts.get("contact_attempts", 0),
    }


class RawStream:
    """Lets tqdm draw on a command's stderr without a line ending after every refresh."""

    def __init__(self, wrapper: OutputWrapper) -> None:
        self._wrapper = wrapper

    def write(self, text: str) -> None:
        self._wrapper.write(text, ending="")

    def flush(self) -> None:
        self._wrapper.flush()
