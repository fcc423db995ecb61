"""The PDF: the right text in the right place, and nothing fetched from outside."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from eropaf.letters.content import LetterContent
from eropaf.letters.rendering import OfflineFetcher, render_letter_pdf

MM_PER_POINT = 25.4 / 72

LETTER = LetterContent(
    kind="offer_contact_request",
    title="Wij willen graag met u praten over hulp",
    reference="4711",
    date=dt.date(2025, 3, 3),
    sender_name="Gemeente Leiden",
    sender_department="Team Vroegsignalering",
    sender_phone="14 071",
    sender_email="",
    address_lines=("J. de Vries", "Dorpsstraat 12 A", "2311 AB  LEIDEN"),
    salutation="Beste Jan de Vries",
    paragraphs=("Eerste alinea met <b>geen</b> opmaak & zo.", "Tweede alinea."),
    signature_name="Fatima el Amrani",
)


@pytest.fixture(scope="module")
def pdf_text() -> tuple[str, dict[str, tuple[float, float]]]:
    """The extracted text, and where each line starts in mm from the top left of the page."""
    page = PdfReader(io.BytesIO(render_letter_pdf(LETTER))).pages[0]
    height = float(page.mediabox.height)
    positions: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_args: object) -> None:
        x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
        positions.setdefault(text.strip(), (x * MM_PER_POINT, (height - y) * MM_PER_POINT))

    text = page.extract_text(visitor_text=visit)
    return text, positions


def test_the_pdf_holds_address_salutation_title_and_reference(
    pdf_text: tuple[str, dict[str, tuple[float, float]]],
) -> None:
    text, _ = pdf_text
    for line in [*LETTER.address_lines, "Beste Jan de Vries,", LETTER.title, "Kenmerk: 4711", "3 maart 2025"]:
        assert line in text
    assert "Eerste alinea met <b>geen</b> opmaak & zo." in text  # shown as typed, not as markup
    assert "Fatima el Amrani" in text
    assert "Gemeente Leiden" in text


def test_the_address_block_sits_in_the_envelope_window(
    pdf_text: tuple[str, dict[str, tuple[float, float]]],
) -> None:
    _, positions = pdf_text
    left, top = positions["J. de Vries"]
    assert 20 <= left <= 25
    assert 50 <= top <= 56  # the first baseline, just under the top of the address area at 50 mm
    _, last = positions["2311 AB  LEIDEN"]
    assert last <= 50 + 35


def test_remote_urls_are_refused() -> None:
    fetcher = OfflineFetcher()
    with pytest.raises(ValueError, match="fetch nothing"):
        fetcher.fetch("https://example.org/logo.png")
    with pytest.raises(ValueError, match="fetch nothing"):
        fetcher.fetch("file:///etc/passwd")
    assert fetcher.fetch("data:text/plain,hallo").read() == b"hallo"
