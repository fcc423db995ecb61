"""Letter texts with ``{{ placeholders }}``, checked and rendered in a sandbox. Pure Python.

The administrator writes the text; only the fixed placeholders below may appear, without filters,
and no template tags (``{% %}``) or comments at all, so a text can neither load libraries, include
files nor look into objects. Rendering uses a standalone Django template engine without loaders,
libraries or debug, with autoescape on, over a context of plain strings only.
"""

import html
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.template import Context, Engine
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

# The Dutch placeholder names the administrator types, and what each one holds.
PLACEHOLDERS: Mapping[str, "StrPromise"] = {
    "naam": gettext_lazy("name of the resident, e.g. Jan de Vries"),
    "aanhef": gettext_lazy("salutation, e.g. Beste Jan de Vries"),
    "adres": gettext_lazy("address on one line, e.g. Dorpsstraat 12 A, 1234 AB Leiden"),
    "gemeente": gettext_lazy("name of the municipality"),
    "medewerker": gettext_lazy("name of the early-detection worker"),
    "telefoon": gettext_lazy("phone number to call"),
    "datum": gettext_lazy("date of the letter, e.g. 3 maart 2025"),
    "bedrag": gettext_lazy("total of the arrears, e.g. € 640,00"),
    "achterstanden": gettext_lazy("where the arrears are, e.g. huur en energie"),
    "reageer_voor": gettext_lazy("date by which the resident can respond"),
}

_VARIABLE = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_NAME = re.compile(r"^[a-z_]+$")
_FORBIDDEN_MARKS = ("{%", "%}", "{#", "#}")

_ENGINE = Engine(
    dirs=[],
    app_dirs=False,
    loaders=[],
    libraries={},
    builtins=[],
    autoescape=True,
    debug=False,
    string_if_invalid="",
)


class PlaceholderError(ValueError):
    """The text uses placeholders or template code that a letter may not use; ``str()`` is translated."""


def unknown_placeholders(text: str) -> list[str]:
    """The placeholders in ``text`` that are not allowed, as written, in order of appearance."""
    found = (" ".join(match.split()) for match in _VARIABLE.findall(text))
    return list(dict.fromkeys(name for name in found if not _NAME.match(name) or name not in PLACEHOLDERS))


def check_text(text: str) -> None:
    """PlaceholderError naming every problem; nothing when the text may be used."""
    leftover = _VARIABLE.sub("", text)
    if any(mark in leftover for mark in (*_FORBIDDEN_MARKS, "{{", "}}")):
        raise PlaceholderError(
            _(
                "Use only placeholders such as {{ naam }}; commands with {% %}, comments with {# #} "
                "and loose braces are not allowed."
            )
        )
    unknown = unknown_placeholders(text)
    if unknown:
        allowed = ", ".join(PLACEHOLDERS)
        names = ", ".join(f"{{{{ {name} }}}}" for name in unknown)
        raise PlaceholderError(
            _("Unknown placeholders: %(names)s. Allowed are: %(allowed)s.")
            % {"names": names, "allowed": allowed}
        )


def _escape_literal_text(text: str) -> str:
    """Escape everything the administrator typed, keeping the placeholders for the engine."""
    parts: list[str] = []
    position = 0
    for match in _VARIABLE.finditer(text):
        parts += [escape(text[position : match.start()]), match.group(0)]
        position = match.end()
    return "".join([*parts, escape(text[position:])])


def render_html(text: str, values: Mapping[str, str]) -> str:
    """The text as HTML: typed text and filled-in values both escaped. PlaceholderError if not allowed."""
    check_text(text)
    context = {name: str(values.get(name, "")) for name in PLACEHOLDERS}
    return _ENGINE.from_string(_escape_literal_text(text)).render(Context(context, autoescape=True))


def render_text(text: str, values: Mapping[str, str]) -> str:
    """The text with the values filled in, as plain text (for the PDF and the stored copy)."""
    return html.unescape(render_html(text, values))


def paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs are separated by an empty line; line breaks inside one are kept."""
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").strip())
    return tuple(block.strip() for block in blocks if block.strip())
