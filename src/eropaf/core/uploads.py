"""Request-size checks made before a body is read."""

from collections.abc import Mapping


def announced_length(meta: Mapping[str, object]) -> int:
    """The body size the client announced (``Content-Length``); 0 when absent or not a number."""
    text = str(meta.get("CONTENT_LENGTH") or "0")
    return int(text) if text.isascii() and text.isdigit() else 0
