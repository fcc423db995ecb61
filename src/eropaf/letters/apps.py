import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class _DropSubsetterNotice(logging.Filter):
    """WeasyPrint warns on every PDF that it subsets fonts with fontTools; that is fine for letters."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "HarfBuzz-Subset" not in record.getMessage()


class LettersConfig(AppConfig):
    name = "eropaf.letters"
    label = "letters"
    verbose_name = _("Letters")

    def ready(self) -> None:
        # WeasyPrint logs every step and fontTools every glyph table at INFO; a batch of a thousand
        # letters would drown the log. Real warnings (a refused URL, a missing font) still come through.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        logging.getLogger("fontTools").setLevel(logging.WARNING)
        logging.getLogger("weasyprint").addFilter(_DropSubsetterNotice())
