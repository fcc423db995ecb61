"""A delivery file as a raw table: CSV or XLSX, told apart by the content rather than the name."""

from eropaf.intake.reading.csv_files import read_csv
from eropaf.intake.reading.messages import EMPTY_FILE, ENCRYPTED_EXCEL, OLD_EXCEL, SAVE_AGAIN
from eropaf.intake.reading.sniffing import BOM, refuse_binary
from eropaf.intake.reading.table import DeliveryRefused, RawTable
from eropaf.intake.reading.workbooks import read_xlsx


def read_delivery_file(
    data: bytes, *, file_name: str, max_uncompressed_bytes: int = 1_000_000_000
) -> RawTable:
    """A CSV or XLSX delivery as a raw table; the type is sniffed from the content, not the name."""
    if not data or data == BOM:
        raise DeliveryRefused(EMPTY_FILE)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return read_xlsx(data, max_uncompressed_bytes=max_uncompressed_bytes)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # Excel keeps a password-protected .xlsx in the old compound-file container too.
        encrypted = "EncryptedPackage".encode("utf-16-le") in data
        raise DeliveryRefused(ENCRYPTED_EXCEL if encrypted else OLD_EXCEL)
    refuse_binary(data)
    extension = file_name.rpartition(".")[2].lower() if "." in file_name else ""
    if extension in {"xlsx", "xlsm"}:
        raise DeliveryRefused(
            f'Het bestand "{file_name}" heeft de extensie .{extension} maar is geen Excel-werkmap. '
            f"{SAVE_AGAIN}"
        )
    return read_csv(data)
