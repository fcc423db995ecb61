"""Letters as PDF through WeasyPrint, fully offline: CSS inline, the font from the system, no URLs."""

from typing import Any

from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

from eropaf.letters.content import LetterContent


class OfflineFetcher(URLFetcher):  # type: ignore[misc]
    """Refuses every URL but inline ``data:``: a letter never reaches the network or the disk."""

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
        if not url.startswith("data:"):
            raise ValueError(f"Letters fetch nothing from outside: {url[:80]}")
        return super().fetch(url, headers)


def letter_html(letter: LetterContent) -> str:
    return render_to_string("letters/letter.html", {"letter": letter})


def render_letter_pdf(letter: LetterContent) -> bytes:
    """The letter as an A4 PDF, with the address block in the window of a window envelope."""
    document = HTML(string=letter_html(letter), base_url=None, url_fetcher=OfflineFetcher())
    pdf: bytes = document.write_pdf()
    return pdf
