"""What a file is before it is read: binary files are refused by their first bytes, and text is
decoded as UTF-8, or else Windows-1252."""

import re

from eropaf.intake.reading.messages import DELIVER_AS, UNKNOWN_ENCODING, UTF16_TEXT
from eropaf.intake.reading.table import DeliveryRefused

BOM = b"\xef\xbb\xbf"
_SNIFF_BYTES = 8192

_BINARY_KINDS = (
    (b"%PDF", "een PDF-bestand"),
    (b"\x89PNG", "een afbeelding"),
    (b"\xff\xd8\xff", "een afbeelding"),
    (b"GIF8", "een afbeelding"),
    (b"\x1f\x8b", "een gzip-archief"),
    (b"7z\xbc\xaf\x27\x1c", "een 7-Zip-archief"),
    (b"Rar!", "een RAR-archief"),
    (b"{\\rtf", "een tekstdocument (RTF)"),
    (b"\x7fELF", "een programma"),
)
_MARKUP = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<(?:\?xml|!doctype|html)", re.IGNORECASE)


def refuse_binary(data: bytes) -> None:
    head = data[:_SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DeliveryRefused(UTF16_TEXT)
    for magic, kind in _BINARY_KINDS:
        if head.startswith(magic):
            raise DeliveryRefused(f"Dit bestand is geen CSV- of Excel-bestand maar {kind}. {DELIVER_AS}")
    if b"\x00" in head:
        raise DeliveryRefused(
            f"Dit bestand is geen CSV- of Excel-bestand: het bevat binaire gegevens. {DELIVER_AS}"
        )
    if _MARKUP.match(head):
        raise DeliveryRefused(
            f"Dit bestand is geen CSV- of Excel-bestand maar een webpagina of XML-bestand. {DELIVER_AS}"
        )


def decode_text(data: bytes) -> tuple[str, bytes]:
    """The text without BOM, and the same text as UTF-8 bytes. Windows-1252 is the only fallback."""
    data = data.removeprefix(BOM)
    try:
        return data.decode("utf-8"), data
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise DeliveryRefused(UNKNOWN_ENCODING) from error
    return text, text.encode("utf-8")
