"""What goes on one letter, as plain values: the renderer never touches the database. Pure Python."""

import datetime as dt
from dataclasses import dataclass

MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def format_dutch_date(day: dt.date) -> str:
    """``3 maart 2025``, whatever the server's locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def join_dutch(items: list[str]) -> str:
    """``huur``, ``huur en energie``, ``huur, water en energie``."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} en {items[-1]}"


@dataclass(frozen=True)
class LetterContent:
    """One letter or card, ready to print. ``paragraphs`` are plain text (the renderer escapes)."""

    kind: str
    title: str
    reference: str
    date: dt.date
    sender_name: str
    sender_department: str
    sender_phone: str
    sender_email: str
    address_lines: tuple[str, ...]
    salutation: str
    paragraphs: tuple[str, ...]
    signature_name: str

    @property
    def date_text(self) -> str:
        return format_dutch_date(self.date)

    @property
    def plain_text(self) -> str:
        """The letter as text, for the stored copy that search and audit read."""
        lines = [
            self.sender_name,
            self.sender_department,
            "",
            *self.address_lines,
            "",
            f"Datum: {self.date_text}",
            f"Kenmerk: {self.reference}",
            "",
            self.title,
            "",
            f"{self.salutation},",
            "",
            "\n\n".join(self.paragraphs),
            "",
            "Met vriendelijke groet,",
            self.signature_name,
            self.sender_department,
            self.sender_phone,
        ]
        return "\n".join(lines).strip() + "\n"
