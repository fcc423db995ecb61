"""Synthetic partner delivery files in the signal delivery format (version 1), at any volume.

For the intake benchmark (a million rows in seconds) and for tests (a few thousand rows). Rows
follow the demo region's mix — amounts per partner type, Dutch names, postcodes of the served
municipalities, BSNs in the 999 test range — written in the notations partners actually use.
A share of the rows is broken in exactly one way the format rejects; which rows, and how, is
returned so a caller can check that every one of them was rejected and no other row was.

Columns are drawn set-based with Polars from named, seeded streams, so the same seed gives the
same file; Faker is only asked for a small pool of names and streets.

The package: ``partners`` describes the delivering partner; ``draws`` holds the seeded streams and
``pools`` the Faker pools they pick from; ``facts`` draws the typed facts of every row, ``breakage``
chooses the broken rows and what breaks them, ``notations`` and ``written`` write the facts down as
a partner does; ``rows`` puts that together and ``writers`` saves it as a CSV or XLSX file.
"""

from eropaf.demo.delivery_files.breakage import (
    BAD_DATES,
    BAD_POSTCODES,
    BREAKAGES,
    ELSEWHERE_PC4,
    NON_POSITIVE_AMOUNTS,
    UNKNOWN_SIGNAL_TYPES,
    Breakage,
)
from eropaf.demo.delivery_files.facts import BSN_SHARE, EMAIL_SHARE, EPOCH, PHONE_SHARE
from eropaf.demo.delivery_files.notations import DATE_FORMATS, FLAG_NOTATIONS, SIGNAL_TYPE_SPELLINGS
from eropaf.demo.delivery_files.partners import DeliveryPartner, ServedArea
from eropaf.demo.delivery_files.rows import DeliveryRows, GeneratedDelivery, delivery_rows
from eropaf.demo.delivery_files.writers import FileFormat, write_delivery_file

__all__ = [
    "BAD_DATES",
    "BAD_POSTCODES",
    "BREAKAGES",
    "BSN_SHARE",
    "DATE_FORMATS",
    "ELSEWHERE_PC4",
    "EMAIL_SHARE",
    "EPOCH",
    "FLAG_NOTATIONS",
    "NON_POSITIVE_AMOUNTS",
    "PHONE_SHARE",
    "SIGNAL_TYPE_SPELLINGS",
    "UNKNOWN_SIGNAL_TYPES",
    "Breakage",
    "DeliveryPartner",
    "DeliveryRows",
    "FileFormat",
    "GeneratedDelivery",
    "ServedArea",
    "delivery_rows",
    "write_delivery_file",
]
