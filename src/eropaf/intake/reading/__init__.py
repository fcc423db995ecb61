"""Reading a delivery: the bytes of a CSV or XLSX file, or a JSON body, become a raw table of text.

Nothing is interpreted here: every value stays the text the partner gave (XLSX numbers and dates are
written out as text), so that validation sees the same input from every channel. A delivery that
cannot be read at all is refused with one message for the partner.

This is a boundary package: the refusal messages are the partner-facing contract of
``docs/partners/aanleverformaat.md`` and are literal Dutch on purpose, not gettext strings.

Untrusted input, so the XLSX path is defensive: the zip directory is checked before anything is
unpacked (zip bombs), the sheet's cell references are checked before python-calamine lays the sheet
out in memory (it allocates rows x columns cells, so a 5 KB file naming cell XFD1048576 would abort
the process), and formulas are never evaluated: calamine returns the value Excel cached when the
workbook was last saved, or nothing.

The package: ``delivery_file`` tells CSV from XLSX and refuses other files (``sniffing``);
``csv_files`` and ``workbooks`` read the two formats, ``json_body`` the API body; ``table`` turns
the rows of any of them into a :class:`RawTable`; ``messages`` holds the fixed refusal texts.
"""

from eropaf.intake.reading.delivery_file import read_delivery_file
from eropaf.intake.reading.json_body import read_json_delivery
from eropaf.intake.reading.table import DeliveryRefused, RawTable

__all__ = ["DeliveryRefused", "RawTable", "read_delivery_file", "read_json_delivery"]
