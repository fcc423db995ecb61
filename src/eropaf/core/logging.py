"""A log filter that removes what looks like personal data before a line is written.

Services never log BSNs, names or amounts; this filter is the safety net for third-party code
and exception messages: nine-digit numbers (BSN), phone numbers, IBANs and euro amounts are masked.
"""

import logging
import re

_PATTERNS = [
    (re.compile(r"(?<![\w+])(?:\+31|0031|0)[\s-]?[1-9](?:[\s-]?\d){8}(?!\d)"), "[telefoon]"),
    (re.compile(r"(?<!\d)\d{8,9}(?!\d)"), "[nummer]"),
    (re.compile(r"\bNL\d{2}[A-Z]{4}\d{10}\b", re.IGNORECASE), "[iban]"),
    (re.compile(r"€\s?[\d.,]+"), "[bedrag]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True
