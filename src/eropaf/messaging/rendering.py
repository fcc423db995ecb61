"""Rendering `((placeholder))` templates as GOV.UK Notify (and so NotifyNL) does. Pure logic.

Placeholder names are matched without regard to case or surrounding spaces, as Notify does.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from eropaf.messaging import texts

_PLACEHOLDER = re.compile(r"\(\(([^()]+?)\)\)")


def _name(raw: str) -> str:
    return raw.strip().casefold()


def placeholders(text: str) -> list[str]:
    """The placeholder names in `text`, each once, in the order they appear."""
    return list(dict.fromkeys(_name(match) for match in _PLACEHOLDER.findall(text)))


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    body: str
    missing: tuple[str, ...] = ()

    @property
    def problem(self) -> str:
        """Dutch, for the case worker; empty when every placeholder had a value."""
        if not self.missing:
            return ""
        return texts.MISSING_PLACEHOLDERS % {"names": ", ".join(self.missing)}


def render_message(*, subject: str, body: str, personalisation: Mapping[str, str]) -> RenderedMessage:
    """Fills the placeholders; one without a (non-empty) value stays as written and is reported."""
    values = {_name(key): str(value) for key, value in personalisation.items()}
    missing = [name for name in placeholders(subject + "\n" + body) if not values.get(name, "").strip()]

    def fill(match: re.Match[str]) -> str:
        name = _name(match.group(1))
        return values[name] if name not in missing else match.group(0)

    return RenderedMessage(
        subject=_PLACEHOLDER.sub(fill, subject),
        body=_PLACEHOLDER.sub(fill, body),
        missing=tuple(missing),
    )
